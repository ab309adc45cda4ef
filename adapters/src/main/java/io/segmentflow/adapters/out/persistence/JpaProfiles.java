package io.segmentflow.adapters.out.persistence;

import io.segmentflow.application.port.out.Profiles;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.profile.Profile;
import io.segmentflow.domain.shared.Identifier;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@ApplicationScoped
public class JpaProfiles implements Profiles {
    private static final String SELECT = "SELECT id, email, external_id, properties, created_at FROM profiles"
            + " WHERE workspace_id = ? AND email IN (";
    // Two requests for a new address may race: the loser's insert does nothing and it reads the winner's row.
    private static final String INSERT_IF_ABSENT = "INSERT INTO profiles"
            + " (id, workspace_id, email, external_id, properties, created_at, updated_at)"
            + " VALUES (?, ?, ?, ?, '{}', ?, ?) ON CONFLICT DO NOTHING";
    private static final String RECORD_EXTERNAL_ID =
            "UPDATE profiles SET external_id = ?, updated_at = ?" + " WHERE id = ? AND external_id IS NULL";

    @PersistenceContext(unitName = "segmentflow")
    EntityManager em;

    @Override
    public Profile upsert(WorkspaceId workspaceId, EmailAddress email, String externalId, Instant now) {
        return upsertAll(workspaceId, List.of(new Recipient(email, externalId)), now)
                .get(email);
    }

    /**
     * One select of the known addresses; only when some are new, one batch of inserts and one select of
     * those; only when an external id is first given, one batch of updates and one select of those.
     */
    @Override
    public Map<EmailAddress, Profile> upsertAll(
            WorkspaceId workspaceId, Collection<Recipient> recipients, Instant now) {
        Map<EmailAddress, String> externalIds = new LinkedHashMap<>();
        for (Recipient r : recipients) {
            if (externalIds.get(r.email()) == null) {
                externalIds.put(r.email(), r.externalId());
            }
        }
        Map<EmailAddress, Profile> profiles = select(workspaceId, externalIds.keySet());
        List<EmailAddress> absent = externalIds.keySet().stream()
                .filter(e -> !profiles.containsKey(e))
                // One order for every request, so two batches with the same new addresses cannot deadlock.
                .sorted(Comparator.comparing(EmailAddress::value))
                .toList();
        if (!absent.isEmpty()) {
            OffsetDateTime at = Times.column(now);
            TransactionConnection.batch(em, INSERT_IF_ABSENT, absent, (insert, email) -> {
                insert.setString(1, Identifier.next("pr", now));
                insert.setString(2, workspaceId.value());
                insert.setString(3, email.value());
                insert.setString(4, externalIds.get(email));
                insert.setObject(5, at);
                insert.setObject(6, at);
            });
            profiles.putAll(select(workspaceId, absent));
        }
        List<Profile> gainingExternalId = profiles.values().stream()
                .filter(p -> p.externalId() == null && externalIds.get(p.email()) != null)
                .sorted(Comparator.comparing(Profile::id))
                .toList();
        if (!gainingExternalId.isEmpty()) {
            OffsetDateTime at = Times.column(now);
            TransactionConnection.batch(em, RECORD_EXTERNAL_ID, gainingExternalId, (update, profile) -> {
                update.setString(1, externalIds.get(profile.email()));
                update.setObject(2, at);
                update.setString(3, profile.id());
            });
            profiles.putAll(select(
                    workspaceId, gainingExternalId.stream().map(Profile::email).toList()));
        }
        Map<EmailAddress, Profile> result = new LinkedHashMap<>();
        for (EmailAddress email : externalIds.keySet()) {
            Profile profile = profiles.get(email);
            if (profile == null) {
                throw new IllegalStateException("profile of " + email + " vanished");
            }
            result.put(email, profile);
        }
        return result;
    }

    @Override
    public Optional<Profile> find(WorkspaceId workspaceId, String id) {
        return Optional.ofNullable(em.find(ProfileEntity.class, id))
                .filter(p -> p.workspaceId.equals(workspaceId.value()))
                .map(ProfileEntity::toDomain);
    }

    private static final String BY_ID =
            "SELECT id, email, external_id, properties, created_at FROM profiles WHERE workspace_id = ? AND id IN (";

    @Override
    public Map<String, Profile> findAll(WorkspaceId workspaceId, Collection<String> ids) {
        Map<String, Profile> found = new HashMap<>();
        TransactionConnection.selectIn(
                        em,
                        BY_ID,
                        workspaceId.value(),
                        ids,
                        row -> new Profile(
                                row.getString(1),
                                workspaceId,
                                new EmailAddress(row.getString(2)),
                                row.getString(3),
                                row.getString(4),
                                Times.instant(row.getObject(5, OffsetDateTime.class))))
                .forEach(profile -> found.put(profile.id(), profile));
        return found;
    }

    private static final String UPDATE_PROPERTIES =
            "UPDATE profiles SET properties = ?, updated_at = ? WHERE workspace_id = ? AND id = ?";

    @Override
    public void updateProperties(WorkspaceId workspaceId, String id, String properties, Instant now) {
        TransactionConnection.update(em, UPDATE_PROPERTIES, update -> {
            update.setString(1, properties);
            update.setObject(2, Times.column(now));
            update.setString(3, workspaceId.value());
            update.setString(4, id);
        });
    }

    private static final String PROPERTIES = "SELECT id, properties FROM profiles WHERE workspace_id = ? AND id IN (";

    @Override
    public Map<String, String> propertiesOf(WorkspaceId workspaceId, Collection<String> ids) {
        Map<String, String> found = new HashMap<>();
        TransactionConnection.selectIn(
                        em, PROPERTIES, workspaceId.value(), ids, row -> Map.entry(row.getString(1), row.getString(2)))
                .forEach(entry -> found.put(entry.getKey(), entry.getValue()));
        return found;
    }

    private Map<EmailAddress, Profile> select(WorkspaceId workspaceId, Collection<EmailAddress> emails) {
        Map<EmailAddress, Profile> found = new HashMap<>();
        TransactionConnection.selectIn(
                        em,
                        SELECT,
                        workspaceId.value(),
                        emails.stream().map(EmailAddress::value).toList(),
                        row -> new Profile(
                                row.getString(1),
                                workspaceId,
                                new EmailAddress(row.getString(2)),
                                row.getString(3),
                                row.getString(4),
                                Times.instant(row.getObject(5, OffsetDateTime.class))))
                .forEach(profile -> found.put(profile.email(), profile));
        return found;
    }
}
