package io.segmentflow.adapters.out.persistence;

import io.segmentflow.application.port.out.AudienceCarriers;
import io.segmentflow.domain.audience.AudienceSpec;
import io.segmentflow.domain.audience.CarrierLifecycle;
import io.segmentflow.domain.audience.CarrierRef;
import io.segmentflow.domain.audience.CarrierStatus;
import io.segmentflow.domain.audience.CarrierType;
import io.segmentflow.domain.audience.FanOutPlan;
import io.segmentflow.domain.broadcast.Broadcast;
import io.segmentflow.domain.newsletter.NewsletterIssue;
import io.segmentflow.domain.shared.IllegalTransitionException;
import io.segmentflow.domain.workspace.WorkspaceId;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Broadcasts and NewsletterIssues as the fan-out sees them: the plan of one that is sending, read from what it was
 * pinned to when it started, and the end of its fan-out, which the carrier itself decides on under its row's lock
 * (a repeated end, from a restarted job, changes nothing). The ends run in the caller's transaction, or in one of
 * their own when there is none.
 */
@ApplicationScoped
public class JpaAudienceCarriers implements AudienceCarriers {
    private static final Logger LOG = Logger.getLogger(JpaAudienceCarriers.class.getName());

    private static final String BROADCAST = "SELECT * FROM broadcasts WHERE id = ? AND workspace_id = ?";
    private static final String BROADCAST_FOR_UPDATE = BROADCAST + " FOR UPDATE";
    private static final String UPDATE_BROADCAST = BroadcastRow.STATE.update(BroadcastRow.TABLE) + " WHERE id = ?";
    /** An Issue with its Newsletter's subscription group: the group its audience is judged by. */
    private static final String ISSUE = "SELECT i.*, n.subscription_group_id AS newsletter_group"
            + " FROM newsletter_issues i JOIN newsletters n ON n.id = i.newsletter_id"
            + " WHERE i.id = ? AND i.workspace_id = ?";

    private static final String ISSUE_FOR_UPDATE =
            "SELECT * FROM newsletter_issues WHERE id = ? AND workspace_id = ? FOR UPDATE";
    private static final String UPDATE_ISSUE =
            NewsletterIssueRow.STATE.update(NewsletterIssueRow.TABLE) + " WHERE id = ?";

    /** Carriers of every workspace still sending that started by a time: the start-up's look for jobs never started. */
    private static final String SENDING_SINCE = "SELECT 'broadcast' AS carrier_type, workspace_id, id FROM broadcasts"
            + " WHERE status = 'sending' AND started_at <= ?"
            + " UNION ALL SELECT 'newsletter_issue', workspace_id, id FROM newsletter_issues"
            + " WHERE status = 'sending' AND started_at <= ?";

    @PersistenceContext(unitName = "segmentflow")
    EntityManager em;

    /** For a plan read outside any transaction. */
    @Resource(lookup = "jdbc/segmentflow")
    DataSource dataSource;

    @Inject
    JtaTransactionBoundary boundary;

    @Override
    public Optional<FanOutPlan> planOf(CarrierRef carrier) {
        if (carrier.type() == CarrierType.BROADCAST) {
            return TransactionConnection.findInWorkspace(
                            em,
                            dataSource,
                            BROADCAST,
                            carrier.id(),
                            carrier.workspaceId().value(),
                            BroadcastRow::read)
                    .flatMap(broadcast -> plan(
                            carrier,
                            broadcast.lifecycle(),
                            broadcast.audience(),
                            broadcast.definition().content().templateId(),
                            broadcast.definition().content().subject()));
        }
        return TransactionConnection.findInWorkspace(
                        em,
                        dataSource,
                        ISSUE,
                        carrier.id(),
                        carrier.workspaceId().value(),
                        row -> new IssueWithGroup(NewsletterIssueRow.read(row), row.getString("newsletter_group")))
                .flatMap(read -> plan(
                        carrier,
                        read.issue().lifecycle(),
                        new AudienceSpec(read.issue().definition().segmentId(), read.group()),
                        read.issue().definition().content().templateId(),
                        read.issue().definition().content().subject()));
    }

    private record IssueWithGroup(NewsletterIssue issue, String group) {}

    private static Optional<FanOutPlan> plan(
            CarrierRef carrier, CarrierLifecycle lifecycle, AudienceSpec audience, String templateId, String subject) {
        if (lifecycle.status() != CarrierStatus.SENDING || lifecycle.pinned() == null) {
            return Optional.empty();
        }
        CarrierLifecycle.Pinned pinned = lifecycle.pinned();
        return Optional.of(
                new FanOutPlan(carrier, audience, templateId, pinned.templateSnapshotId(), pinned.from(), subject));
    }

    @Override
    public List<CarrierRef> sendingSince(Instant startedBy) {
        return TransactionConnection.selectInOrOutOfTransaction(
                em,
                dataSource,
                SENDING_SINCE,
                select -> {
                    select.setObject(1, Times.column(startedBy));
                    select.setObject(2, Times.column(startedBy));
                },
                row -> new CarrierRef(
                        new WorkspaceId(row.getString("workspace_id")),
                        CarrierType.valueOf(row.getString("carrier_type").toUpperCase(Locale.ROOT)),
                        row.getString("id")));
    }

    @Override
    public void fannedOut(CarrierRef carrier, long written, Instant at) {
        boundary.run(() -> {
            move(
                    carrier,
                    "marked sent",
                    broadcast -> broadcast.fannedOut(written, at),
                    issue -> issue.fannedOut(written, at));
            return null;
        });
    }

    @Override
    public void fanOutFailed(CarrierRef carrier, String reason, Instant at) {
        boundary.run(() -> {
            move(carrier, "marked failed", broadcast -> broadcast.fail(reason, at), issue -> issue.fail(reason, at));
            return null;
        });
    }

    /** Locks the carrier, lets it decide the move, and stores it when it moved. */
    private void move(
            CarrierRef carrier, String what, Predicate<Broadcast> broadcastMove, Predicate<NewsletterIssue> issueMove) {
        try {
            if (carrier.type() == CarrierType.BROADCAST) {
                Optional<Broadcast> locked = lockedOne(BROADCAST_FOR_UPDATE, carrier, BroadcastRow::read);
                if (locked.isEmpty()) {
                    LOG.warning(() -> Broadcast.label(carrier.id()) + " was not found to be " + what);
                } else if (broadcastMove.test(locked.get())) {
                    TransactionConnection.update(em, UPDATE_BROADCAST, update -> {
                        int next = BroadcastRow.STATE.bind(update, 1, locked.get());
                        update.setString(next, carrier.id());
                    });
                }
            } else {
                Optional<NewsletterIssue> locked = lockedOne(ISSUE_FOR_UPDATE, carrier, NewsletterIssueRow::read);
                if (locked.isEmpty()) {
                    LOG.warning(() -> NewsletterIssue.label(carrier.id()) + " was not found to be " + what);
                } else if (issueMove.test(locked.get())) {
                    TransactionConnection.update(em, UPDATE_ISSUE, update -> {
                        int next = NewsletterIssueRow.STATE.bind(update, 1, locked.get());
                        update.setString(next, carrier.id());
                    });
                }
            }
        } catch (IllegalTransitionException e) {
            // The carrier refuses (a fan-out reporting on a carrier that is no longer sending): nothing to store.
            LOG.warning(() -> "a fan-out's end was refused: " + e.getMessage());
        }
    }

    private <T> Optional<T> lockedOne(String sql, CarrierRef carrier, TransactionConnection.RowReader<T> reader) {
        return TransactionConnection.select(
                        em,
                        sql,
                        select -> {
                            select.setString(1, carrier.id());
                            select.setString(2, carrier.workspaceId().value());
                        },
                        reader)
                .stream()
                .findFirst();
    }
}
