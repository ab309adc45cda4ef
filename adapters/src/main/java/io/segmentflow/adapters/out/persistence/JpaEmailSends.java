package io.segmentflow.adapters.out.persistence;

import static io.segmentflow.adapters.out.persistence.RowBinder.column;

import io.segmentflow.adapters.shared.DatabaseDialect;
import io.segmentflow.application.port.out.EmailSends;
import io.segmentflow.domain.audience.CarrierRef;
import io.segmentflow.domain.email.DeliveryAttempt;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.email.EmailSend;
import io.segmentflow.domain.email.EmailSendStatus;
import io.segmentflow.domain.email.SendPriority;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * The outbox in {@code email_sends} and {@code email_send_attempts}, written and read only with JDBC through
 * {@link EmailSendRow} and {@link DeliveryAttemptRow}: accepting, claiming and recording are batches, one round trip
 * each whatever the number of sends.
 */
@ApplicationScoped
public class JpaEmailSends implements EmailSends {
    private static final MultiRowInsert ADD = EmailSendRow.ALL.insertsInto(EmailSendRow.TABLE, "");
    // A restarted fan-out meets the sends it wrote before on the unique carrier and Profile.
    private static final MultiRowInsert ADD_ABSENT =
            EmailSendRow.ALL.insertsInto(EmailSendRow.TABLE, " ON CONFLICT DO NOTHING");
    private static final MultiRowInsert ADD_ATTEMPTS = DeliveryAttemptRow.ALL.insertsInto(DeliveryAttemptRow.TABLE, "");

    /** Which of the given ids are stored. */
    private static final String STORED_AMONG = "SELECT id FROM email_sends WHERE workspace_id = ? AND id IN (";

    private static final String COUNT_OF_CARRIER =
            "SELECT COUNT(*) FROM email_sends WHERE carrier_id = ? AND workspace_id = ? AND carrier_type = ?";

    private static final String FIND = "SELECT * FROM email_sends WHERE id = ? AND workspace_id = ?";

    // SKIP LOCKED lets every worker of every node claim disjoint rows without waiting on each other. Transactional
    // sends are claimed first, from just before where the last claim of them began (see ClaimFloor).
    private static final String DUE_TRANSACTIONAL = "SELECT * FROM email_sends WHERE status = 'queued'"
            + " AND priority = " + SendPriority.TRANSACTIONAL.rank()
            + " AND next_attempt_at >= ? AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?"
            + " FOR UPDATE SKIP LOCKED";
    // Audience sends after where this node's claims of them got to, then up to there (see AudienceCursor).
    private static final String DUE_AUDIENCE = "SELECT * FROM email_sends WHERE status = 'queued'"
            + " AND priority > " + SendPriority.TRANSACTIONAL.rank() + " AND next_attempt_at <= ?"
            + " AND (priority, next_attempt_at, id) %s (?, ?, ?)"
            + " ORDER BY priority, next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED";
    private static final String DUE_AUDIENCE_AFTER = DUE_AUDIENCE.formatted(">");
    private static final String DUE_AUDIENCE_UP_TO = DUE_AUDIENCE.formatted("<=");
    private static final String LEASE_EXPIRED = "SELECT * FROM email_sends WHERE status = 'processing'"
            + " AND lease_until < ? ORDER BY lease_until LIMIT ? FOR UPDATE SKIP LOCKED";

    /** The claim holds the rows' locks (FOR UPDATE above): nothing else can have changed them. */
    private static final String CLAIM = EmailSendRow.KEYED_PROGRESS.mergeByFirstColumn(EmailSendRow.TABLE);

    /** A claimed send's progress, with the attempt count its claim stored. */
    private static final RowBinder<Claimed> RECORDED = EmailSendRow.KEYED_PROGRESS
            .from(Claimed::send)
            .and(RowBinder.of(column("stored_attempts", Types.INTEGER, Claimed::storedAttempts)));

    /**
     * A result counts only against the claim that made it: the send is still claimed (only a claimed send has a
     * lease) and no later claim has stored a higher attempt count.
     */
    private static final String RECORD = RECORDED.mergeByFirstColumn(
            EmailSendRow.TABLE,
            1,
            "email_sends.attempts = changed.stored_attempts AND email_sends.lease_until IS NOT NULL");

    /** What a recording left in its sends' rows, to find those it did not change. */
    private static final String RECORDED_AS = "SELECT id, attempts, updated_at FROM email_sends WHERE id IN (";

    // One query: the workspace is checked through the send's row, not by reading the send first.
    private static final String ATTEMPTS = "SELECT a.* FROM email_send_attempts a JOIN email_sends e"
            + " ON a.email_send_id = e.id WHERE e.id = ? AND e.workspace_id = ? ORDER BY a.attempt";

    /** Expired leases are rare (a node died); looking for them on every claim would double the claim's cost. */
    private static final Duration LEASE_SWEEP_INTERVAL = Duration.ofSeconds(5);

    @PersistenceContext(unitName = "segmentflow")
    EntityManager em;

    /** For the API's reads of a send, made outside any transaction. */
    @Resource(lookup = "jdbc/segmentflow")
    DataSource dataSource;

    private volatile Instant nextLeaseSweep = Instant.MIN;

    /** Where this node's claims of transactional sends start in the claim index. */
    private final ClaimFloor transactionalFloor = new ClaimFloor();

    /**
     * Where this node's claims of audience sends got to, in claim order. A backlog of audience sends is claimed from
     * its front, and each claimed row leaves a dead entry there in the claim index until PostgreSQL vacuums it: a
     * claim that started from the front each time would step over all of them, and a large backlog's claims grew
     * slower as it drained (hundreds of milliseconds each, with transactional sends waiting behind them). A claim that
     * comes back short looks again from the front up to there, so a send passed over (locked by another worker at
     * the time) is found again, and the next claim starts from the front.
     */
    private final AtomicReference<AudienceCursor> audienceCursor = new AtomicReference<>(AudienceCursor.FRONT);

    /** A position in claim order: (priority, next attempt, id). */
    private record AudienceCursor(int priority, Instant nextAttemptAt, String id) {
        // At the first audience rank, not before: a range that began among the transactional sends would step over
        // every claimed one there not yet vacuumed, though none of them can match.
        static final AudienceCursor FRONT = new AudienceCursor(SendPriority.AUDIENCE.rank(), Instant.EPOCH, "");

        static AudienceCursor of(EmailSend send) {
            return new AudienceCursor(
                    send.details().priority().rank(), send.progress().nextAttemptAt(), send.id());
        }

        AudienceCursor furthest(AudienceCursor other) {
            return ORDER.compare(this, other) >= 0 ? this : other;
        }

        private static final Comparator<AudienceCursor> ORDER = Comparator.comparingInt(AudienceCursor::priority)
                .thenComparing(AudienceCursor::nextAttemptAt)
                .thenComparing(AudienceCursor::id);
    }

    @Override
    public void add(EmailSend send) {
        addAll(List.of(send));
    }

    @Override
    public void addAll(List<EmailSend> sends) {
        TransactionConnection.insertRows(em, ADD, sends, EmailSendRow.ALL::bind);
    }

    /**
     * A fan-out writes a million sends in multi-row statements; where they left some rows out (a restarted fan-out
     * meeting sends it wrote before), a look-up tells which of the new ids went in.
     */
    @Override
    public Set<String> addAbsent(List<EmailSend> sends) {
        if (sends.isEmpty()) {
            return Set.of();
        }
        int inserted = TransactionConnection.insertRows(em, ADD_ABSENT, sends, EmailSendRow.ALL::bind);
        List<String> ids = sends.stream().map(EmailSend::id).toList();
        if (inserted == sends.size()) {
            return new HashSet<>(ids);
        }
        Set<String> added = new HashSet<>();
        if (inserted > 0) {
            added.addAll(TransactionConnection.selectIn(
                    em, STORED_AMONG, sends.get(0).workspaceId().value(), ids, row -> row.getString(1)));
        }
        return added;
    }

    @Override
    public long countOf(CarrierRef carrier) {
        return TransactionConnection.selectInOrOutOfTransaction(
                        em,
                        dataSource,
                        COUNT_OF_CARRIER,
                        select -> {
                            select.setString(1, carrier.id());
                            select.setString(2, carrier.workspaceId().value());
                            select.setString(3, carrier.type().wireName());
                        },
                        row -> row.getLong(1))
                .get(0);
    }

    @Override
    public Optional<EmailSend> find(WorkspaceId workspaceId, String id) {
        return ofSend(FIND, workspaceId, id, EmailSendRow::read).stream().findFirst();
    }

    /**
     * Newest first within the workspace: by recipient through {@code email_sends_by_recipient}, else backwards through
     * the workspace's ids.
     */
    @Override
    public List<EmailSend> search(WorkspaceId workspaceId, EmailAddress recipient, EmailSendStatus status, int limit) {
        String sql = "SELECT * FROM email_sends WHERE workspace_id = ?"
                + (recipient == null ? "" : " AND to_email = ?")
                + (status == null ? "" : " AND status = ?")
                + " ORDER BY id DESC LIMIT ?";
        return TransactionConnection.selectInOrOutOfTransaction(
                em,
                dataSource,
                sql,
                select -> {
                    int next = 1;
                    select.setString(next++, workspaceId.value());
                    if (recipient != null) {
                        select.setString(next++, recipient.value());
                    }
                    if (status != null) {
                        select.setString(next++, status.wireName());
                    }
                    select.setInt(next, limit);
                },
                EmailSendRow::read);
    }

    /** One select (two every few seconds, for expired leases) and one batch of updates. */
    @Override
    public List<Claimed> claimDue(Instant now, Instant leaseUntil, int limit) {
        List<EmailSend> sends = new ArrayList<>(limit);
        // Sends whose worker died come first, and on a timer: were they looked for only when too few sends are
        // due, a backlog would keep them in processing until it had drained.
        if (!now.isBefore(nextLeaseSweep)) {
            nextLeaseSweep = now.plus(LEASE_SWEEP_INTERVAL);
            sends.addAll(select(LEASE_EXPIRED, now, limit));
        }
        if (sends.size() < limit) {
            sends.addAll(transactionalDue(now, limit - sends.size()));
        }
        if (sends.size() < limit) {
            sends.addAll(audienceDue(now, limit - sends.size()));
        }
        List<Claimed> claimed = new ArrayList<>(sends.size());
        for (EmailSend send : sends) {
            send.claim(now, leaseUntil);
            claimed.add(new Claimed(send, send.attempts()));
        }
        TransactionConnection.updateRows(em, CLAIM, EmailSendRow.KEYED_PROGRESS, sends);
        return claimed;
    }

    @Override
    public void refreshStatistics() {
        try {
            String analyze = DatabaseDialect.of(TransactionConnection.of(em)).analyze(EmailSendRow.TABLE);
            TransactionConnection.update(em, analyze, statement -> {});
        } catch (SQLException e) {
            throw TransactionConnection.failed(e);
        }
    }

    private List<EmailSend> transactionalDue(Instant now, int limit) {
        return transactionalFloor.claim(
                em,
                DUE_TRANSACTIONAL,
                now,
                limit,
                EmailSendRow::read,
                send -> send.progress().nextAttemptAt());
    }

    private List<EmailSend> audienceDue(Instant now, int limit) {
        AudienceCursor from = audienceCursor.get();
        List<EmailSend> due = new ArrayList<>(audience(DUE_AUDIENCE_AFTER, now, from, limit));
        if (due.size() == limit) {
            AudienceCursor reached = AudienceCursor.of(due.get(due.size() - 1));
            audienceCursor.accumulateAndGet(reached, AudienceCursor::furthest);
            return due;
        }
        audienceCursor.set(AudienceCursor.FRONT);
        if (!from.equals(AudienceCursor.FRONT)) {
            due.addAll(audience(DUE_AUDIENCE_UP_TO, now, from, limit - due.size()));
        }
        return due;
    }

    private List<EmailSend> audience(String sql, Instant now, AudienceCursor cursor, int limit) {
        return TransactionConnection.select(
                em,
                sql,
                select -> {
                    select.setObject(1, Times.column(now), Types.TIMESTAMP_WITH_TIMEZONE);
                    select.setInt(2, cursor.priority());
                    select.setObject(3, Times.column(cursor.nextAttemptAt()), Types.TIMESTAMP_WITH_TIMEZONE);
                    select.setString(4, cursor.id());
                    select.setInt(5, limit);
                },
                EmailSendRow::read);
    }

    private List<EmailSend> select(String sql, Instant now, int limit) {
        return TransactionConnection.select(
                em,
                sql,
                select -> {
                    select.setObject(1, Times.column(now), Types.TIMESTAMP_WITH_TIMEZONE);
                    select.setInt(2, limit);
                },
                EmailSendRow::read);
    }

    /**
     * Two statements, whatever the number of sends: the results of a claim cost two round trips. A third reads
     * which sends were not recorded, only when some were not (their lease ran out and another claim took them).
     */
    @Override
    public Set<String> recordProgress(List<Claimed> claimed, List<DeliveryAttempt> attempts) {
        int recorded = TransactionConnection.updateRows(em, RECORD, RECORDED, claimed);
        Set<String> lost = recorded == claimed.size() ? Set.of() : notRecorded(claimed);
        List<DeliveryAttempt> kept =
                attempts.stream().filter(a -> !lost.contains(a.sendId())).toList();
        TransactionConnection.insertRows(em, ADD_ATTEMPTS, kept, DeliveryAttemptRow.ALL::bind);
        return lost;
    }

    /**
     * The sends whose rows do not hold what was recorded for them: a later claim counts one more attempt (or, where
     * it skipped the send, stores the same count at a later time), and is the only other writer of a claimed send.
     */
    private Set<String> notRecorded(List<Claimed> claimed) {
        Set<String> lost = new HashSet<>();
        Map<String, EmailSend> byId = new HashMap<>();
        claimed.forEach(claim -> byId.put(claim.send().id(), claim.send()));
        lost.addAll(byId.keySet());
        List<String> ids = List.copyOf(byId.keySet());
        for (int from = 0; from < ids.size(); from += TransactionConnection.MAX_IN_LIST) {
            List<String> some = ids.subList(from, Math.min(ids.size(), from + TransactionConnection.MAX_IN_LIST));
            TransactionConnection.select(
                            em,
                            TransactionConnection.withInList(RECORDED_AS, some.size()),
                            select -> TransactionConnection.bindInList(select, 1, some),
                            row -> {
                                EmailSend written = byId.get(row.getString(1));
                                boolean same = row.getInt(2) == written.attempts()
                                        && Times.instant(row.getObject(3, OffsetDateTime.class))
                                                .equals(Times.asStored(
                                                        written.progress().updatedAt()));
                                return same ? row.getString(1) : null;
                            })
                    .forEach(lost::remove);
        }
        return lost;
    }

    @Override
    public List<DeliveryAttempt> attempts(WorkspaceId workspaceId, String sendId) {
        return ofSend(ATTEMPTS, workspaceId, sendId, DeliveryAttemptRow::read);
    }

    /** The rows {@code sql} selects for one send of the workspace (parameters: the send's id, the workspace). */
    private <T> List<T> ofSend(
            String sql, WorkspaceId workspaceId, String sendId, TransactionConnection.RowReader<T> reader) {
        return TransactionConnection.selectInOrOutOfTransaction(
                em,
                dataSource,
                sql,
                select -> {
                    select.setString(1, sendId);
                    select.setString(2, workspaceId.value());
                },
                reader);
    }

    /** What {@link io.segmentflow.domain.email.EmailSendDetails#forgettingProfile} leaves of a send, set-wise. */
    /**
     * {@link EmailSend#forgettingProfile} for every send of the Profile at once: a Profile may have many. Each SET reads
     * the row as it was, so the queued ones are the ones skipped.
     */
    private static final String FORGET_PROFILE = "UPDATE email_sends"
            + " SET data = '{}', to_name = NULL, to_external_id = NULL, profile_id = NULL, updated_at = ?,"
            + " status = CASE WHEN status = 'queued' THEN 'skipped' ELSE status END,"
            + " next_attempt_at = CASE WHEN status = 'queued' THEN NULL ELSE next_attempt_at END,"
            + " lease_until = CASE WHEN status = 'queued' THEN NULL ELSE lease_until END,"
            + " failure_message = CASE WHEN status = 'queued' THEN ? ELSE failure_message END"
            + " WHERE workspace_id = ? AND profile_id = ?";

    @Override
    public void forgetProfile(WorkspaceId workspaceId, String profileId, Instant now) {
        TransactionConnection.update(em, FORGET_PROFILE, update -> {
            update.setObject(1, Times.column(now), Types.TIMESTAMP_WITH_TIMEZONE);
            update.setString(2, EmailSend.PROFILE_ERASED);
            update.setString(3, workspaceId.value());
            update.setString(4, profileId);
        });
    }
}
