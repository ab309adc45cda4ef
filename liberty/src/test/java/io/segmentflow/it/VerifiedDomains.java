package io.segmentflow.it;

import static io.segmentflow.it.Client.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.it.client.model.DnsRecord;
import io.segmentflow.it.client.model.SenderDomain;
import io.segmentflow.it.client.model.SenderDomainRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A verified sender domain of a workspace, as audience sends need: made through the API, its records published on the
 * loopback DNS server (dnsmasq) and verified; once per workspace and name in a test run. A test that needs one is
 * skipped, saying why, where dnsmasq is not installed.
 */
final class VerifiedDomains {
    private static final Map<String, SenderDomain> VERIFIED = new ConcurrentHashMap<>();

    private VerifiedDomains() {}

    /** The workspace's verified sender domain {@code name}, made and verified first if need be. */
    static SenderDomain of(Client api, String name) {
        DnsZone.assumeAvailable();
        return VERIFIED.computeIfAbsent(api.key() + " " + name, k -> verify(api, name));
    }

    private static SenderDomain verify(Client api, String name) {
        SenderDomain domain = call(() -> api.domains.domainsList(100, null)).getData().stream()
                .filter(d -> d.getName().equals(name))
                .findFirst()
                .orElseGet(() -> call(() -> api.domains.domainsCreate(new SenderDomainRequest().name(name))));
        if (domain.getStatus() == SenderDomain.StatusEnum.VERIFIED) {
            return domain;
        }
        try (DnsZone ignored = DnsZone.serve(Set.of(name), published(domain))) {
            SenderDomain verified = call(() -> api.domains.domainsVerify(domain.getId()));
            assertThat(verified.getStatus()).as("%s", verified).isEqualTo(SenderDomain.StatusEnum.VERIFIED);
            return verified;
        } catch (Exception e) {
            throw new AssertionError("could not verify " + name + ": " + e, e);
        }
    }

    /** Every record the domain asks for, as its owner would publish them. */
    static Map<String, List<String>> published(SenderDomain domain) {
        Map<String, List<String>> records = new HashMap<>();
        for (DnsRecord record : domain.getRecords()) {
            records.computeIfAbsent(record.getName(), n -> new ArrayList<>()).add(record.getValue());
        }
        return records;
    }
}
