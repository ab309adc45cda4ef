package io.segmentflow.application.fake;

import io.segmentflow.application.port.out.Profiles;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.profile.Profile;
import io.segmentflow.domain.profile.ProfileIdentity;
import io.segmentflow.domain.profile.ProfileMatch;
import io.segmentflow.domain.shared.Identifier;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Profiles in memory, each email and each externalId held by at most one Profile per workspace, as the database's
 * unique keys keep them.
 */
public final class InMemoryProfiles implements Profiles, TransactionalStore {
    private final Map<String, Profile> profiles = new LinkedHashMap<>();
    private final List<Profile> addedByRequestsInFlight = new ArrayList<>();
    private int upserts;

    @Override
    public Profile upsert(WorkspaceId workspaceId, EmailAddress email, String externalId, Instant now) {
        return upsertAll(workspaceId, List.of(new Recipient(email, externalId)), now)
                .get(email);
    }

    @Override
    public Map<EmailAddress, Profile> upsertAll(
            WorkspaceId workspaceId, Collection<Recipient> recipients, Instant now) {
        upserts++;
        Map<EmailAddress, Profile> result = new LinkedHashMap<>();
        for (Recipient recipient : recipients) {
            if (result.containsKey(recipient.email())) {
                continue;
            }
            ProfileIdentity identity = new ProfileIdentity(recipient.email(), recipient.externalId());
            ProfileMatch match = identity.matchForSend(
                    findByEmail(workspaceId, recipient.email()),
                    recipient.externalId() == null
                            ? Optional.empty()
                            : findByExternalId(workspaceId, recipient.externalId()));
            Profile profile;
            if (match instanceof ProfileMatch.Found found) {
                profile = found.completed(now);
            } else {
                ProfileIdentity created = ((ProfileMatch.Create) match).identity();
                profile = Profile.create(Identifier.next("pr", now), workspaceId, created, now);
            }
            profiles.put(profile.id(), profile);
            result.put(recipient.email(), profile);
        }
        return result;
    }

    @Override
    public Optional<Profile> find(WorkspaceId workspaceId, String id) {
        return Optional.ofNullable(profiles.get(id)).filter(p -> p.workspaceId().equals(workspaceId));
    }

    @Override
    public Optional<Profile> findByEmail(WorkspaceId workspaceId, EmailAddress email) {
        return profiles.values().stream()
                .filter(p -> p.workspaceId().equals(workspaceId) && email.equals(p.email()))
                .findFirst();
    }

    @Override
    public Optional<Profile> findByExternalId(WorkspaceId workspaceId, String externalId) {
        return profiles.values().stream()
                .filter(p -> p.workspaceId().equals(workspaceId) && externalId.equals(p.externalId()))
                .findFirst();
    }

    @Override
    public Optional<Profile> lock(WorkspaceId workspaceId, String id) {
        return find(workspaceId, id);
    }

    @Override
    public List<Profile> list(WorkspaceId workspaceId, String afterId, int limit) {
        return profiles.values().stream()
                .filter(p -> p.workspaceId().equals(workspaceId))
                .filter(p -> afterId == null || p.id().compareTo(afterId) > 0)
                .sorted(Comparator.comparing(Profile::id))
                .limit(limit)
                .toList();
    }

    private boolean add(Profile profile) {
        if (!addedByRequestsInFlight.isEmpty()) {
            // Another request commits its Profile just before this one's insert, which then does nothing.
            addedByRequestsInFlight.forEach(this::put);
            addedByRequestsInFlight.clear();
        }
        if (holdsIdentifierOf(profile)) {
            return false;
        }
        profiles.put(profile.id(), profile);
        return true;
    }

    @Override
    public void update(Profile profile) {
        if (holdsIdentifierOf(profile)) {
            throw new IllegalStateException("another profile holds an identifier of " + profile);
        }
        if (profiles.replace(profile.id(), profile) == null) {
            throw new IllegalStateException("no profile " + profile.id() + " to update");
        }
    }

    private boolean holdsIdentifierOf(Profile profile) {
        return profiles.values().stream()
                .filter(p -> p.workspaceId().equals(profile.workspaceId()) && !p.id().equals(profile.id()))
                .anyMatch(p -> (profile.email() != null && profile.email().equals(p.email()))
                        || (profile.externalId() != null && Objects.equals(profile.externalId(), p.externalId())));
    }

    @Override
    public boolean remove(WorkspaceId workspaceId, String id) {
        return find(workspaceId, id).map(p -> profiles.remove(id) != null).orElse(false);
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
    public Map<EmailAddress, Profile> lockAllByEmail(WorkspaceId workspaceId, Collection<EmailAddress> emails) {
        Map<EmailAddress, Profile> found = new HashMap<>();
        emails.forEach(email -> findByEmail(workspaceId, email).ifPresent(p -> found.put(email, p)));
        return found;
    }

    @Override
    public Map<String, Profile> lockAllByExternalId(WorkspaceId workspaceId, Collection<String> externalIds) {
        Map<String, Profile> found = new HashMap<>();
        externalIds.forEach(id -> findByExternalId(workspaceId, id).ifPresent(p -> found.put(id, p)));
        return found;
    }

    @Override
    public Set<String> addAll(List<Profile> added) {
        Set<String> notAdded = new HashSet<>();
        for (Profile profile : added) {
            if (!add(profile)) {
                notAdded.add(profile.id());
            }
        }
        return notAdded;
    }

    @Override
    public void updateAll(List<Profile> updated) {
        updated.forEach(this::update);
    }

    /** Stores a profile as given, properties included. */
    public void put(Profile profile) {
        profiles.put(profile.id(), profile);
    }

    /** Another request adds this Profile between this request's look-up and its insert. */
    public void addedByRequestInFlight(Profile profile) {
        addedByRequestsInFlight.add(profile);
    }

    /** How many times profiles were upserted for sends (one upsert may cover many addresses). */
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
