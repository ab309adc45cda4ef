package io.segmentflow.application.fake;

import io.segmentflow.application.port.out.Profiles;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.profile.Profile;
import io.segmentflow.domain.shared.Identifier;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Profiles in memory, one per address per workspace. */
public final class InMemoryProfiles implements Profiles, TransactionalStore {
    private final Map<String, Profile> profiles = new LinkedHashMap<>();
    private int upserts;

    @Override
    public Profile upsert(WorkspaceId workspaceId, EmailAddress email, String externalId, Instant now) {
        upserts++;
        return store(workspaceId, email, externalId, now);
    }

    private Profile store(WorkspaceId workspaceId, EmailAddress email, String externalId, Instant now) {
        Optional<Profile> existing = profiles.values().stream()
                .filter(p -> p.workspaceId().equals(workspaceId) && p.email().equals(email))
                .findFirst();
        if (existing.isPresent()) {
            Profile profile = existing.get();
            if (externalId != null && !externalId.equals(profile.externalId())) {
                profile = new Profile(
                        profile.id(), workspaceId, email, externalId, profile.properties(), profile.createdAt());
                profiles.put(profile.id(), profile);
            }
            return profile;
        }
        Profile created = new Profile(Identifier.next("pro", now), workspaceId, email, externalId, "{}", now);
        profiles.put(created.id(), created);
        return created;
    }

    @Override
    public Map<EmailAddress, Profile> upsertAll(
            WorkspaceId workspaceId, Collection<Recipient> recipients, Instant now) {
        upserts++;
        Map<EmailAddress, Profile> result = new LinkedHashMap<>();
        for (Recipient recipient : recipients) {
            Profile known = result.get(recipient.email());
            if (known == null || (known.externalId() == null && recipient.externalId() != null)) {
                result.put(recipient.email(), store(workspaceId, recipient.email(), recipient.externalId(), now));
            }
        }
        return result;
    }

    @Override
    public Optional<Profile> find(WorkspaceId workspaceId, String id) {
        return Optional.ofNullable(profiles.get(id)).filter(p -> p.workspaceId().equals(workspaceId));
    }

    @Override
    public Map<String, String> propertiesOf(WorkspaceId workspaceId, Collection<String> ids) {
        Map<String, String> found = new HashMap<>();
        ids.forEach(id -> find(workspaceId, id).ifPresent(p -> found.put(id, p.properties())));
        return found;
    }

    @Override
    public Map<String, Profile> findAll(WorkspaceId workspaceId, Collection<String> ids) {
        Map<String, Profile> found = new HashMap<>();
        ids.forEach(id -> find(workspaceId, id).ifPresent(p -> found.put(id, p)));
        return found;
    }

    @Override
    public void updateProperties(WorkspaceId workspaceId, String id, String properties, Instant now) {
        find(workspaceId, id)
                .ifPresent(p -> profiles.put(
                        id, new Profile(id, workspaceId, p.email(), p.externalId(), properties, p.createdAt())));
    }

    /** Stores a profile as given, properties included. */
    public void put(Profile profile) {
        profiles.put(profile.id(), profile);
    }

    /** How many times profiles were upserted (one upsert may cover many addresses). */
    public int upserts() {
        return upserts;
    }

    public List<Profile> all() {
        return List.copyOf(profiles.values());
    }

    @Override
    public Runnable checkpoint() {
        Map<String, Profile> saved = new LinkedHashMap<>(profiles);
        return () -> {
            profiles.clear();
            profiles.putAll(saved);
        };
    }
}
