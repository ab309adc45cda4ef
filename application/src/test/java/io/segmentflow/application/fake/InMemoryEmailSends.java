package io.segmentflow.application.fake;

import io.segmentflow.application.port.out.EmailSends;
import io.segmentflow.domain.audience.CarrierRef;
import io.segmentflow.domain.email.DeliveryAttempt;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.email.EmailSend;
import io.segmentflow.domain.email.EmailSendStatus;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The outbox in memory. It keeps copies, as a database keeps rows: a change a service makes to a send
 * it holds is stored only through {@link #add} or {@link #recordProgress}.
 */
public final class InMemoryEmailSends implements EmailSends, TransactionalStore {
    private static final Comparator<EmailSend> CLAIM_ORDER = Comparator.<EmailSend>comparingInt(
                    s -> s.details().priority().rank())
            .thenComparing(s -> s.progress().nextAttemptAt(), Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(EmailSend::id);

    private final Map<String, EmailSend> sends = new LinkedHashMap<>();
    private final List<DeliveryAttempt> attempts = new ArrayList<>();
    private int inserts;

    @Override
    public void add(EmailSend send) {
        inserts++;
        store(send);
    }

    private void store(EmailSend send) {
        if (sends.containsKey(send.id())) {
            throw new IllegalStateException("duplicate send id " + send.id());
        }
        sends.put(send.id(), copy(send));
    }

    @Override
    public void addAll(List<EmailSend> all) {
        inserts++;
        all.forEach(this::store);
    }

    /** As the database's unique (carrier, Profile) key does it: a send whose pair is taken is left out. */
    @Override
    public Set<String> addAbsent(List<EmailSend> all) {
        inserts++;
        Set<String> added = new HashSet<>();
        for (EmailSend send : all) {
            CarrierRef carrier = carrierOf(send);
            boolean taken = carrier != null
                    && sends.values().stream()
                            .anyMatch(s -> carrier.equals(carrierOf(s))
                                    && send.details()
                                            .profileId()
                                            .equals(s.details().profileId()));
            if (!taken) {
                store(send);
                added.add(send.id());
            }
        }
        return added;
    }

    @Override
    public long countOf(CarrierRef carrier) {
        return sends.values().stream().filter(s -> carrier.equals(carrierOf(s))).count();
    }

    private int statisticsRefreshes;

    @Override
    public void refreshStatistics() {
        statisticsRefreshes++;
    }

    /** How often the database was asked to refresh the outbox's statistics. */
    public int statisticsRefreshes() {
        return statisticsRefreshes;
    }

    private static CarrierRef carrierOf(EmailSend send) {
        return send.details().audience() == null
                ? null
                : send.details().audience().carrier();
    }

    @Override
    public Optional<EmailSend> find(WorkspaceId workspaceId, String id) {
        return Optional.ofNullable(sends.get(id))
                .filter(s -> s.workspaceId().equals(workspaceId))
                .map(InMemoryEmailSends::copy);
    }

    @Override
    public List<EmailSend> search(WorkspaceId workspaceId, EmailAddress recipient, EmailSendStatus status, int limit) {
        return sends.values().stream()
                .filter(s -> s.workspaceId().equals(workspaceId))
                .filter(s -> recipient == null || s.details().to().address().equals(recipient))
                .filter(s -> status == null || s.status() == status)
                .sorted(Comparator.comparing(EmailSend::id).reversed())
                .limit(limit)
                .map(InMemoryEmailSends::copy)
                .toList();
    }

    @Override
    public List<Claimed> claimDue(Instant now, Instant leaseUntil, int limit) {
        List<EmailSend> due = sends.values().stream()
                .filter(s -> s.isClaimable(now))
                .sorted(CLAIM_ORDER)
                .limit(limit)
                .toList();
        List<Claimed> claimed = new ArrayList<>();
        for (EmailSend send : due) {
            send.claim(now, leaseUntil);
            claimed.add(new Claimed(copy(send), send.attempts()));
        }
        return claimed;
    }

    @Override
    public Set<String> recordProgress(List<Claimed> claimed, List<DeliveryAttempt> finished) {
        Set<String> lost = new HashSet<>();
        for (Claimed claim : claimed) {
            EmailSend send = claim.send();
            EmailSend stored = sends.get(send.id());
            // As the database does it: still claimed, and by this claim (every claim stores a higher count).
            if (stored == null
                    || stored.progress().leaseUntil() == null
                    || stored.attempts() != claim.storedAttempts()) {
                lost.add(send.id());
            } else {
                sends.put(send.id(), copy(send));
            }
        }
        finished.stream().filter(a -> !lost.contains(a.sendId())).forEach(attempts::add);
        return lost;
    }

    @Override
    public List<DeliveryAttempt> attempts(WorkspaceId workspaceId, String sendId) {
        if (find(workspaceId, sendId).isEmpty()) {
            return List.of();
        }
        return attempts.stream()
                .filter(a -> a.sendId().equals(sendId))
                .sorted(Comparator.comparingInt(DeliveryAttempt::number))
                .toList();
    }

    @Override
    public void forgetProfile(WorkspaceId workspaceId, String profileId, Instant now) {
        sends.replaceAll((id, send) -> send.details().workspaceId().equals(workspaceId)
                        && profileId.equals(send.details().profileId())
                ? send.forgettingProfile(now)
                : send);
    }

    /** The send as stored now. */
    public EmailSend stored(String id) {
        EmailSend send = sends.get(id);
        if (send == null) {
            throw new AssertionError("no send " + id + " was stored");
        }
        return copy(send);
    }

    /** How many times sends were stored (one insert may store many). */
    public int inserts() {
        return inserts;
    }

    public List<EmailSend> all() {
        return sends.values().stream().map(InMemoryEmailSends::copy).toList();
    }

    @Override
    public Runnable checkpoint() {
        Map<String, EmailSend> saved = new LinkedHashMap<>();
        sends.forEach((id, send) -> saved.put(id, copy(send)));
        List<DeliveryAttempt> savedAttempts = List.copyOf(attempts);
        return () -> {
            sends.clear();
            sends.putAll(saved);
            attempts.clear();
            attempts.addAll(savedAttempts);
        };
    }

    private static EmailSend copy(EmailSend send) {
        return EmailSend.restore(send.details(), send.progress(), send.withheld(), send.dkim());
    }
}
