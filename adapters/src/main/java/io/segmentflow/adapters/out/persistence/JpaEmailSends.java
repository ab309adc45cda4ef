package io.segmentflow.adapters.out.persistence;

import io.segmentflow.application.port.out.EmailSends;
import io.segmentflow.domain.email.DeliveryAttempt;
import io.segmentflow.domain.email.EmailSend;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

@ApplicationScoped
public class JpaEmailSends implements EmailSends {
    // SKIP LOCKED lets every worker of every node claim disjoint rows without waiting on each other.
    private static final String DUE = "SELECT * FROM email_sends WHERE status = 'queued' AND next_attempt_at <= ?1"
            + " ORDER BY priority, next_attempt_at, id LIMIT ?2 FOR UPDATE SKIP LOCKED";
    private static final String LEASE_EXPIRED = "SELECT * FROM email_sends WHERE status = 'processing'"
            + " AND lease_until < ?1 ORDER BY lease_until LIMIT ?2 FOR UPDATE SKIP LOCKED";

    /** Expired leases are rare (a node died); looking for them on every claim would double the claim's cost. */
    private static final Duration LEASE_SWEEP_INTERVAL = Duration.ofSeconds(5);

    @PersistenceContext(unitName = "segmentflow")
    EntityManager em;

    private volatile Instant nextLeaseSweep = Instant.MIN;

    private static final String INSERT = "INSERT INTO email_sends (id, workspace_id, profile_id, template_id,"
            + " template_snapshot_id, to_email, to_name, to_external_id, from_email, from_name, reply_to, subject,"
            + " cc, bcc, data, track_clicks, track_opens, priority, message_id, idempotency_key, status, attempts,"
            + " next_attempt_at, lease_until, last_reply, failure_message, created_at, updated_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    @Override
    public void add(EmailSend send) {
        addAll(List.of(send));
    }

    /** One JDBC batch: the database sees all the rows in one round trip instead of one per send. */
    @Override
    public void addAll(List<EmailSend> sends) {
        try (PreparedStatement insert = TransactionConnection.prepare(em, INSERT)) {
            for (EmailSend send : sends) {
                EmailSendEntity row = EmailSendEntity.of(send);
                Object[] values = {
                    row.id,
                    row.workspaceId,
                    row.profileId,
                    row.templateId,
                    row.templateSnapshotId,
                    row.toEmail,
                    row.toName,
                    row.toExternalId,
                    row.fromEmail,
                    row.fromName,
                    row.replyTo,
                    row.subject,
                    row.cc,
                    row.bcc,
                    row.data,
                    row.trackClicks,
                    row.trackOpens,
                    row.priority,
                    row.messageId,
                    row.idempotencyKey,
                    row.status,
                    row.attempts,
                    row.nextAttemptAt,
                    row.leaseUntil,
                    row.lastReply,
                    row.failureMessage,
                    row.createdAt,
                    row.updatedAt
                };
                for (int i = 0; i < values.length; i++) {
                    insert.setObject(i + 1, values[i], JDBC_TYPES[i]);
                }
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw TransactionConnection.failed(e);
        }
    }

    /** The column types of {@link #INSERT}, so a null is bound with its type. */
    private static final int[] JDBC_TYPES = {
        Types.VARCHAR,
        Types.VARCHAR,
        Types.VARCHAR,
        Types.VARCHAR,
        Types.VARCHAR,
        Types.VARCHAR,
        Types.VARCHAR,
        Types.VARCHAR,
        Types.VARCHAR,
        Types.VARCHAR,
        Types.VARCHAR,
        Types.VARCHAR,
        Types.VARCHAR,
        Types.VARCHAR,
        Types.VARCHAR,
        Types.BOOLEAN,
        Types.BOOLEAN,
        Types.SMALLINT,
        Types.VARCHAR,
        Types.VARCHAR,
        Types.VARCHAR,
        Types.INTEGER,
        Types.TIMESTAMP_WITH_TIMEZONE,
        Types.TIMESTAMP_WITH_TIMEZONE,
        Types.VARCHAR,
        Types.VARCHAR,
        Types.TIMESTAMP_WITH_TIMEZONE,
        Types.TIMESTAMP_WITH_TIMEZONE
    };

    @Override
    public Optional<EmailSend> find(WorkspaceId workspaceId, String id) {
        return Optional.ofNullable(em.find(EmailSendEntity.class, id))
                .filter(e -> e.workspaceId.equals(workspaceId.value()))
                .map(EmailSendEntity::toDomain);
    }

    @Override
    public List<Claimed> claimDue(Instant now, Instant leaseUntil, int limit) {
        List<EmailSendEntity> rows = new ArrayList<>(limit);
        // Sends whose worker died come first, and on a timer: were they looked for only when too few sends are
        // due, a backlog would keep them in processing until it had drained.
        if (!now.isBefore(nextLeaseSweep)) {
            nextLeaseSweep = now.plus(LEASE_SWEEP_INTERVAL);
            rows.addAll(select(LEASE_EXPIRED, now, limit));
        }
        if (rows.size() < limit) {
            rows.addAll(select(DUE, now, limit - rows.size()));
        }
        List<Claimed> claimed = new ArrayList<>(rows.size());
        for (EmailSendEntity row : rows) {
            EmailSend send = row.toDomain();
            send.claim(now, leaseUntil);
            row.copyProgress(send.progress());
            claimed.add(new Claimed(send, send.attempts()));
        }
        return claimed;
    }

    @SuppressWarnings("unchecked")
    private List<EmailSendEntity> select(String sql, Instant now, int limit) {
        return em.createNativeQuery(sql, EmailSendEntity.class)
                .setParameter(1, Times.column(now))
                .setParameter(2, limit)
                .getResultList();
    }

    /**
     * A result counts only against the claim that made it: the send is still claimed (only a claimed send has a
     * lease) and no later claim has stored a higher attempt count. (Naming the status instead would let the
     * planner pick the claim-order index, which begins with the status, and scan every send in processing.)
     */
    private static final String RECORD = "UPDATE email_sends SET status = ?, attempts = ?, next_attempt_at = ?,"
            + " lease_until = ?, last_reply = ?, failure_message = ?, updated_at = ?, withheld_recipients = ?"
            + " WHERE id = ? AND attempts = ? AND lease_until IS NOT NULL";

    private static final String ADD_ATTEMPT = "INSERT INTO email_send_attempts"
            + " (email_send_id, attempt, started_at, finished_at, result, reply, recipients)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)";

    /** Two JDBC batches, whatever the number of sends: the results of a claim cost two round trips. */
    @Override
    public Set<String> recordProgress(List<Claimed> claimed, List<DeliveryAttempt> attempts) {
        Set<String> lost = new HashSet<>();
        if (claimed.isEmpty()) {
            return lost;
        }
        try (PreparedStatement update = TransactionConnection.prepare(em, RECORD)) {
            for (Claimed claim : claimed) {
                EmailSend send = claim.send();
                var p = send.progress();
                update.setString(1, p.status().wireName());
                update.setInt(2, p.attempts());
                update.setObject(3, Times.column(p.nextAttemptAt()), Types.TIMESTAMP_WITH_TIMEZONE);
                update.setObject(4, Times.column(p.leaseUntil()), Types.TIMESTAMP_WITH_TIMEZONE);
                update.setString(5, p.lastReply());
                update.setString(6, p.failureMessage());
                update.setObject(7, Times.column(p.updatedAt()), Types.TIMESTAMP_WITH_TIMEZONE);
                update.setString(8, EmailSendEntity.withheldColumn(send.withheld()));
                update.setString(9, send.id());
                update.setInt(10, claim.storedAttempts());
                update.addBatch();
            }
            int[] counts = update.executeBatch();
            for (int i = 0; i < claimed.size(); i++) {
                if (counts[i] == 0) {
                    lost.add(claimed.get(i).send().id());
                }
            }
        } catch (SQLException e) {
            throw TransactionConnection.failed(e);
        }
        List<DeliveryAttempt> kept =
                attempts.stream().filter(a -> !lost.contains(a.sendId())).toList();
        if (kept.isEmpty()) {
            return lost;
        }
        try (PreparedStatement insert = TransactionConnection.prepare(em, ADD_ATTEMPT)) {
            for (DeliveryAttempt attempt : kept) {
                insert.setString(1, attempt.sendId());
                insert.setInt(2, attempt.number());
                insert.setObject(3, Times.column(attempt.startedAt()), Types.TIMESTAMP_WITH_TIMEZONE);
                insert.setObject(4, Times.column(attempt.finishedAt()), Types.TIMESTAMP_WITH_TIMEZONE);
                insert.setString(5, attempt.result().wireName());
                insert.setString(6, attempt.reply());
                insert.setString(7, DeliveryAttemptEntity.recipientsColumn(attempt.recipients()));
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw TransactionConnection.failed(e);
        }
        return lost;
    }

    @Override
    public List<DeliveryAttempt> attempts(WorkspaceId workspaceId, String sendId) {
        // One query: the workspace is checked through the send's row, not by reading the send first.
        return em.createQuery(
                        "SELECT a FROM DeliveryAttemptEntity a, EmailSendEntity e"
                                + " WHERE e.id = :id AND e.workspaceId = :ws AND a.emailSendId = e.id ORDER BY a.attempt",
                        DeliveryAttemptEntity.class)
                .setParameter("id", sendId)
                .setParameter("ws", workspaceId.value())
                .getResultStream()
                .map(DeliveryAttemptEntity::toDomain)
                .toList();
    }

    /** What {@link io.segmentflow.domain.email.EmailSendDetails#forgettingProfile} leaves of a send, set-wise. */
    private static final String FORGET_PROFILE = "UPDATE email_sends"
            + " SET data = '{}', to_name = NULL, to_external_id = NULL, profile_id = NULL, updated_at = ?"
            + " WHERE workspace_id = ? AND profile_id = ?";

    @Override
    public void forgetProfile(WorkspaceId workspaceId, String profileId, Instant now) {
        try (PreparedStatement update = TransactionConnection.prepare(em, FORGET_PROFILE)) {
            update.setObject(1, Times.column(now), Types.TIMESTAMP_WITH_TIMEZONE);
            update.setString(2, workspaceId.value());
            update.setString(3, profileId);
            update.executeUpdate();
        } catch (SQLException e) {
            throw TransactionConnection.failed(e);
        }
    }
}
