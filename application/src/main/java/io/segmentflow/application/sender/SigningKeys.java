package io.segmentflow.application.sender;

import io.segmentflow.application.port.out.DkimKeys;
import io.segmentflow.application.port.out.MailRelay.DkimKey;
import io.segmentflow.application.port.out.SenderDomains;
import io.segmentflow.domain.email.DkimSignature;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.sender.SenderDomain;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Which key signs a message from a given address: its workspace's verified sender domain for the From address's
 * domain, if there is one. A domain's private key is opened once per node and kept (a domain's key pair never
 * changes), so signing costs a decryption only the first time. A workspace's verified domains are read at most once
 * per {@link #FRESH_FOR} per node, so delivery does not ask the database with every claim: a verification or deletion
 * on this node is seen at once ({@link #forget}), one on another node within that time.
 */
public class SigningKeys {
    private static final Logger LOG = Logger.getLogger(SigningKeys.class.getName());

    private final SenderDomains domains;
    private final DkimKeys keys;
    /** How long a workspace's verified domains, once read, are taken as they were. */
    public static final Duration FRESH_FOR = Duration.ofSeconds(5);

    private final Clock clock;
    /** Opened private keys by sender domain id. */
    private final Map<String, PrivateKey> opened = new ConcurrentHashMap<>();
    /** Each workspace's verified domains, as last read, and when. */
    private final Map<WorkspaceId, Known> known = new ConcurrentHashMap<>();

    private record Known(List<SenderDomain> verified, Instant readAt) {}

    public SigningKeys(SenderDomains domains, DkimKeys keys, Clock clock) {
        this.domains = domains;
        this.keys = keys;
        this.clock = clock;
    }

    /** How one message is signed: the signature to record and the key to sign with (null: unsigned). */
    public record Signing(DkimSignature signature, DkimKey key) {}

    /**
     * The verified sender domains of the workspaces (with a claim, in its transaction): those not read within
     * {@link #FRESH_FOR} are read again, together, in one query.
     */
    public Map<WorkspaceId, List<SenderDomain>> verifiedOf(Collection<WorkspaceId> workspaceIds) {
        Instant now = clock.instant();
        List<WorkspaceId> stale = workspaceIds.stream()
                .distinct()
                .filter(id -> {
                    Known k = known.get(id);
                    return k == null || !now.isBefore(k.readAt().plus(FRESH_FOR));
                })
                .toList();
        if (!stale.isEmpty()) {
            Map<WorkspaceId, List<SenderDomain>> read = domains.verifiedOf(stale);
            stale.forEach(id -> known.put(id, new Known(List.copyOf(read.getOrDefault(id, List.of())), now)));
        }
        Map<WorkspaceId, List<SenderDomain>> verified = new HashMap<>();
        workspaceIds.forEach(id -> verified.put(id, known.get(id).verified()));
        return verified;
    }

    /** The workspace's sender domains changed (verified, failed, deleted): the next claim reads them again. */
    public void forget(WorkspaceId workspaceId) {
        known.remove(workspaceId);
    }

    /**
     * How a message from {@code from} in the workspace is signed, given the workspace's verified domains.
     *
     * @param verified the workspace's verified sender domains (as {@link #verifiedOf} read them)
     */
    public Signing signingFor(EmailAddress from, List<SenderDomain> verified) {
        String fromDomain = from.domain();
        for (SenderDomain domain : verified) {
            if (domain.signs(from)) {
                try {
                    PrivateKey key = opened.computeIfAbsent(domain.id(), id -> keys.open(domain.sealedPrivateKey()));
                    return new Signing(
                            DkimSignature.signed(domain.name().value()),
                            new DkimKey(domain.name().value(), domain.selector(), key));
                } catch (IllegalStateException e) {
                    LOG.warning(() -> "sender domain " + domain.id() + ": " + e.getMessage());
                    return new Signing(
                            DkimSignature.unsigned(
                                    fromDomain,
                                    "the DKIM key of sender domain " + domain.id()
                                            + " cannot be opened with this server's secret"),
                            null);
                }
            }
        }
        return new Signing(
                DkimSignature.unsigned(fromDomain, fromDomain + " is not a verified sender domain of the workspace"),
                null);
    }
}
