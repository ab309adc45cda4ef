package io.segmentflow.application.sender;

import io.segmentflow.application.port.out.DkimKeys;
import io.segmentflow.application.port.out.MailRelay.DkimKey;
import io.segmentflow.application.port.out.SenderDomains;
import io.segmentflow.domain.email.DkimSignature;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.sender.SenderDomain;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.security.PrivateKey;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Which key signs a message from a given address: its workspace's verified sender domain for the From address's
 * domain, if there is one. A domain's private key is opened once per node and kept (a domain's key pair never
 * changes), so signing costs a decryption only the first time, and nothing at all for mail from unverified domains.
 */
public class SigningKeys {
    private static final Logger LOG = Logger.getLogger(SigningKeys.class.getName());

    private final SenderDomains domains;
    private final DkimKeys keys;
    /** Opened private keys by sender domain id. */
    private final Map<String, PrivateKey> opened = new ConcurrentHashMap<>();

    public SigningKeys(SenderDomains domains, DkimKeys keys) {
        this.domains = domains;
        this.keys = keys;
    }

    /** How one message is signed: the signature to record and the key to sign with (null: unsigned). */
    public record Signing(DkimSignature signature, DkimKey key) {}

    /** The verified sender domains of the workspaces, read once per claim (in its transaction). */
    public Map<WorkspaceId, List<SenderDomain>> verifiedOf(Collection<WorkspaceId> workspaceIds) {
        return workspaceIds.isEmpty() ? Map.of() : domains.verifiedOf(workspaceIds);
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
