package io.segmentflow.application.sender;

import io.segmentflow.application.Page;
import io.segmentflow.application.error.NotFoundException;
import io.segmentflow.application.error.SenderDomainExistsException;
import io.segmentflow.application.port.out.DkimKeys;
import io.segmentflow.application.port.out.DnsRecords;
import io.segmentflow.application.port.out.SenderDomains;
import io.segmentflow.application.port.out.Transactions;
import io.segmentflow.domain.sender.DomainName;
import io.segmentflow.domain.sender.SenderDomain;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Clock;
import java.util.List;

/**
 * Keeps sender domains. A key pair is made outside any transaction (it takes a while), and so is a verification's
 * DNS look-up, whose findings are stored afterwards in a short transaction.
 */
public class SenderDomainService implements ManageSenderDomainsUseCase {
    private final SenderDomains domains;
    private final DkimKeys keys;
    private final DnsRecords dns;
    private final SigningKeys signingKeys;
    private final Transactions transactions;
    private final Clock clock;

    public SenderDomainService(
            SenderDomains domains,
            DkimKeys keys,
            DnsRecords dns,
            SigningKeys signingKeys,
            Transactions transactions,
            Clock clock) {
        this.domains = domains;
        this.keys = keys;
        this.dns = dns;
        this.signingKeys = signingKeys;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public SenderDomain create(WorkspaceId workspaceId, String name) {
        DomainName domainName = new DomainName(name);
        domains.findByName(workspaceId, domainName).ifPresent(existing -> {
            throw new SenderDomainExistsException(domainName.value(), existing.id());
        });
        DkimKeys.NewKey key = keys.generate();
        SenderDomain domain =
                SenderDomain.create(workspaceId, domainName, key.publicKey(), key.sealedPrivateKey(), clock.instant());
        if (!transactions.inTransaction(() -> domains.add(domain))) {
            // Another request added it meanwhile.
            SenderDomain other = domains.findByName(workspaceId, domainName).orElseThrow();
            throw new SenderDomainExistsException(domainName.value(), other.id());
        }
        return domain;
    }

    @Override
    public SenderDomain get(WorkspaceId workspaceId, String id) {
        return domains.find(workspaceId, id).orElseThrow(() -> new NotFoundException("sender domain", id));
    }

    @Override
    public Page<SenderDomain> list(WorkspaceId workspaceId, String cursor, int limit) {
        Page.checkLimit(limit, MAX_LIMIT);
        List<SenderDomain> rows = domains.list(workspaceId, Page.idAfter(cursor), limit + 1);
        return Page.of(rows, limit, d -> Page.cursorAfter(d.id()));
    }

    @Override
    public void delete(WorkspaceId workspaceId, String id) {
        if (!transactions.inTransaction(() -> domains.remove(workspaceId, id))) {
            throw new NotFoundException("sender domain", id);
        }
        signingKeys.forget(workspaceId);
    }

    @Override
    public SenderDomain verify(WorkspaceId workspaceId, String id) {
        SenderDomain domain = get(workspaceId, id);
        domain.verify(dns::txt, clock.instant());
        SenderDomain kept = transactions.inTransaction(() -> {
            // Deleted while DNS was asked: nothing to keep.
            get(workspaceId, id);
            domains.update(domain);
            return domain;
        });
        signingKeys.forget(workspaceId);
        return kept;
    }
}
