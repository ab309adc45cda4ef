package io.segmentflow.domain.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.sender.RecordCheck.Result;
import io.segmentflow.domain.shared.InvalidValueException;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SenderDomainTest {
    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
    private static final String KEY = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAs0me";

    private final SenderDomain domain =
            SenderDomain.create(new WorkspaceId("ws_acme"), new DomainName("acme.test"), KEY, "v1:sealed", NOW);
    private final Map<String, TxtLookup> zone = new HashMap<>();

    private void publish(String name, String... values) {
        zone.put(name, new TxtLookup.Found(List.of(values)));
    }

    private boolean verify() {
        return domain.verify(name -> zone.getOrDefault(name, new TxtLookup.Absent()), NOW);
    }

    @Test
    void asks_for_a_dkim_key_record_under_its_own_selector_and_advises_spf_and_dmarc() {
        List<DnsRecord> records = domain.records();

        assertThat(domain.selector()).matches("sf[0-9a-z]{10}");
        assertThat(records)
                .extracting(DnsRecord::purpose)
                .containsExactly(DnsRecord.Purpose.DKIM, DnsRecord.Purpose.SPF, DnsRecord.Purpose.DMARC);
        assertThat(records.get(0).name()).isEqualTo(domain.selector() + "._domainkey.acme.test");
        assertThat(records.get(0).value()).isEqualTo("v=DKIM1; k=rsa; p=" + KEY);
        assertThat(records.get(0).required()).isTrue();
        assertThat(records.get(1).name()).isEqualTo("acme.test");
        assertThat(records.get(2).name()).isEqualTo("_dmarc.acme.test");
        assertThat(records.get(1).required()).isFalse();
    }

    @Test
    void without_any_record_it_stays_pending_and_says_what_is_missing() {
        assertThat(verify()).isFalse();

        assertThat(domain.status()).isEqualTo(SenderDomainStatus.PENDING);
        assertThat(domain.checks()).extracting(RecordCheck::result).containsOnly(Result.MISSING);
        assertThat(domain.checks().get(0).problem()).contains("publish v=DKIM1; k=rsa; p=" + KEY);
    }

    @Test
    void the_published_key_verifies_it_even_split_and_spaced_as_dns_services_write_it() {
        publish(domain.dkimRecordName(), "v=DKIM1;  k=rsa;\tp=" + KEY.substring(0, 10) + " " + KEY.substring(10));
        publish("acme.test", "google-site-verification=abc", "v=spf1 mx ~all");

        assertThat(verify()).isTrue();

        assertThat(domain.status()).isEqualTo(SenderDomainStatus.VERIFIED);
        assertThat(domain.checks())
                .extracting(RecordCheck::result)
                .containsExactly(Result.OK, Result.OK, Result.MISSING);
        assertThat(domain.checks().get(1).found()).containsExactly("v=spf1 mx ~all");
        assertThat(domain.signs(EmailAddress.of("news@ACME.test"))).isTrue();
        assertThat(domain.signs(EmailAddress.of("news@sub.acme.test"))).isFalse();
    }

    @Test
    void another_key_under_its_name_fails_it_and_says_so() {
        publish(domain.dkimRecordName(), "v=DKIM1; k=rsa; p=MIIBIjANotThisOne");

        verify();

        assertThat(domain.status()).isEqualTo(SenderDomainStatus.FAILED);
        assertThat(domain.checks().get(0).result()).isEqualTo(Result.WRONG);
        assertThat(domain.checks().get(0).problem()).contains("holds another key");
        assertThat(domain.signs(EmailAddress.of("news@acme.test"))).isFalse();
    }

    @Test
    void two_spf_records_are_reported_wrong_without_failing_the_domain() {
        publish(domain.dkimRecordName(), "v=DKIM1; k=rsa; p=" + KEY);
        publish("acme.test", "v=spf1 mx ~all", "v=spf1 include:relay.test -all");

        verify();

        assertThat(domain.status()).isEqualTo(SenderDomainStatus.VERIFIED);
        assertThat(domain.checks().get(1).result()).isEqualTo(Result.WRONG);
        assertThat(domain.checks().get(1).problem()).contains("2 SPF records");
    }

    @Test
    void no_answer_from_dns_keeps_it_pending_even_when_it_was_verified() {
        publish(domain.dkimRecordName(), "v=DKIM1; k=rsa; p=" + KEY);
        verify();
        zone.put(domain.dkimRecordName(), new TxtLookup.Unanswered("timed out"));

        assertThat(verify()).isTrue();

        assertThat(domain.status()).isEqualTo(SenderDomainStatus.PENDING);
        assertThat(domain.checks().get(0).result()).isEqualTo(Result.UNKNOWN);
        assertThat(domain.checks().get(0).problem()).contains("timed out");
    }

    @Test
    void a_hostile_zone_cannot_make_its_findings_grow_without_bound() {
        publish(domain.dkimRecordName(), "x".repeat(100_000));

        verify();

        assertThat(domain.checks().get(0).found().get(0)).hasSize(SenderDomain.MAX_FOUND_LENGTH);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "acme",
                "acme.test\r\nX: y",
                "acme..test",
                "-acme.test",
                "acme-.test",
                "ac me.test",
                "acme.test/x",
                "news@acme.test",
                "10.0.0.1",
                "ünicode.test",
                ""
            })
    void refuses_what_is_not_a_domain_name(String name) {
        assertThatThrownBy(() -> new DomainName(name))
                .isInstanceOf(InvalidValueException.class)
                .extracting(e -> ((InvalidValueException) e).field())
                .isEqualTo("name");
    }

    @Test
    void refuses_a_name_too_long_or_a_label_too_long() {
        String label63 = "a".repeat(63);
        assertThat(new DomainName(label63 + ".test").value()).hasSize(68);
        assertThatThrownBy(() -> new DomainName("a".repeat(64) + ".test")).isInstanceOf(InvalidValueException.class);
        String longName = (label63 + ".").repeat(4) + "test";
        assertThatThrownBy(() -> new DomainName(longName))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("253");
    }

    @Test
    void keeps_a_name_in_lower_case_without_the_root_dot() {
        assertThat(new DomainName("Mail.ACME.test.").value()).isEqualTo("mail.acme.test");
        assertThat(new DomainName("xn--nicode-2ya.test").value()).isEqualTo("xn--nicode-2ya.test");
    }
}
