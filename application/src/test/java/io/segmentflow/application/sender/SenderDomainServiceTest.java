package io.segmentflow.application.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.application.error.NotFoundException;
import io.segmentflow.application.error.SenderDomainExistsException;
import io.segmentflow.application.fake.FakeTransactions;
import io.segmentflow.application.fake.FixedDnsRecords;
import io.segmentflow.application.fake.InMemorySenderDomains;
import io.segmentflow.application.fake.ManualClock;
import io.segmentflow.application.fake.PlainDkimKeys;
import io.segmentflow.domain.sender.RecordCheck;
import io.segmentflow.domain.sender.SenderDomain;
import io.segmentflow.domain.sender.SenderDomainStatus;
import io.segmentflow.domain.shared.InvalidValueException;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SenderDomainServiceTest {
    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
    private static final WorkspaceId ACME = new WorkspaceId("ws_acme");
    private static final WorkspaceId GLOBEX = new WorkspaceId("ws_globex");

    private final ManualClock clock = new ManualClock(NOW);
    private final InMemorySenderDomains domains = new InMemorySenderDomains();
    private final FakeTransactions transactions = new FakeTransactions(domains);
    private final FixedDnsRecords dns = new FixedDnsRecords();
    private final PlainDkimKeys keys = new PlainDkimKeys();
    private final SigningKeys signingKeys = new SigningKeys(domains, keys, clock);
    private final SenderDomainService service =
            new SenderDomainService(domains, keys, dns, signingKeys, transactions, clock);

    @Test
    void a_new_domain_has_a_key_pair_of_its_own_and_is_pending() {
        SenderDomain mail = service.create(ACME, "Mail.Acme.test");
        SenderDomain other = service.create(ACME, "news.acme.test");

        assertThat(mail.name().value()).isEqualTo("mail.acme.test");
        assertThat(mail.status()).isEqualTo(SenderDomainStatus.PENDING);
        assertThat(mail.publicKey()).isNotEqualTo(other.publicKey());
        assertThat(mail.selector()).isNotEqualTo(other.selector());
        assertThat(mail.records().get(0).value()).isEqualTo("v=DKIM1; k=rsa; p=" + mail.publicKey());
        assertThat(service.get(ACME, mail.id()).sealedPrivateKey()).isEqualTo(mail.sealedPrivateKey());
        assertThat(keys.open(mail.sealedPrivateKey()).getAlgorithm()).isEqualTo("RSA");
    }

    @Test
    void the_same_domain_twice_in_a_workspace_is_refused_but_another_workspace_may_have_it() {
        SenderDomain first = service.create(ACME, "acme.test");

        assertThatThrownBy(() -> service.create(ACME, "ACME.test."))
                .isInstanceOf(SenderDomainExistsException.class)
                .hasMessageContaining(first.id());
        assertThat(service.create(GLOBEX, "acme.test").workspaceId()).isEqualTo(GLOBEX);
    }

    @Test
    void a_name_that_is_not_a_domain_is_refused_before_any_key_is_made() {
        assertThatThrownBy(() -> service.create(ACME, "acme.test\r\nBcc: x@y.z"))
                .isInstanceOf(InvalidValueException.class);
        assertThat(service.list(ACME, null, 10).data()).isEmpty();
    }

    @Test
    void verification_reads_dns_and_keeps_what_it_found() {
        SenderDomain domain = service.create(ACME, "acme.test");
        clock.advance(Duration.ofMinutes(1));

        SenderDomain pending = service.verify(ACME, domain.id());

        assertThat(pending.status()).isEqualTo(SenderDomainStatus.PENDING);
        assertThat(pending.checks().get(0).result()).isEqualTo(RecordCheck.Result.MISSING);
        assertThat(pending.checks().get(0).problem()).contains("no TXT record at " + domain.dkimRecordName());
        assertThat(pending.checkedAt()).isEqualTo(NOW.plus(Duration.ofMinutes(1)));

        dns.publish(domain.dkimRecordName(), domain.records().get(0).value());
        SenderDomain verified = service.verify(ACME, domain.id());

        assertThat(verified.status()).isEqualTo(SenderDomainStatus.VERIFIED);
        assertThat(service.get(ACME, domain.id()).status()).isEqualTo(SenderDomainStatus.VERIFIED);
        assertThat(dns.asked()).contains(domain.dkimRecordName(), "acme.test", "_dmarc.acme.test");
    }

    @Test
    void delivery_on_this_node_sees_a_verification_and_a_deletion_at_once() {
        SenderDomain domain = service.create(ACME, "acme.test");
        assertThat(signingKeys.verifiedOf(List.of(ACME)).get(ACME)).isEmpty();

        dns.publish(domain.dkimRecordName(), domain.records().get(0).value());
        service.verify(ACME, domain.id());
        assertThat(signingKeys.verifiedOf(List.of(ACME)).get(ACME))
                .extracting(SenderDomain::id)
                .containsExactly(domain.id());

        service.delete(ACME, domain.id());
        assertThat(signingKeys.verifiedOf(List.of(ACME)).get(ACME)).isEmpty();
    }

    @Test
    void another_workspace_cannot_read_verify_or_delete_a_domain() {
        SenderDomain domain = service.create(ACME, "acme.test");

        assertThatThrownBy(() -> service.get(GLOBEX, domain.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> service.verify(GLOBEX, domain.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> service.delete(GLOBEX, domain.id())).isInstanceOf(NotFoundException.class);
        assertThat(dns.asked()).isEmpty();
        assertThat(service.list(GLOBEX, null, 10).data()).isEmpty();

        service.delete(ACME, domain.id());
        assertThatThrownBy(() -> service.get(ACME, domain.id())).isInstanceOf(NotFoundException.class);
    }
}
