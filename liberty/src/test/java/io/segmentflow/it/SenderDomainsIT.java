package io.segmentflow.it;

import static io.segmentflow.it.Client.call;
import static io.segmentflow.it.Client.refusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.it.client.ApiResponse;
import io.segmentflow.it.client.model.BroadcastRequest;
import io.segmentflow.it.client.model.DnsRecord;
import io.segmentflow.it.client.model.DnsRecordCheck;
import io.segmentflow.it.client.model.EmailSend;
import io.segmentflow.it.client.model.EmailSendDkim;
import io.segmentflow.it.client.model.Preflight;
import io.segmentflow.it.client.model.ScheduleRequest;
import io.segmentflow.it.client.model.SendEmailRequest;
import io.segmentflow.it.client.model.SenderDomain;
import io.segmentflow.it.client.model.SenderDomainRequest;
import io.segmentflow.it.client.model.SubscriptionGroupRequest;
import jakarta.json.Json;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.exceptions.FailException;
import org.apache.james.jdkim.impl.DNSPublicKeyRecordRetriever;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sender domains through the API, against a real DNS server on loopback (dnsmasq) and a real DKIM verifier (Apache
 * jDKIM's, which looks the key up in that DNS server): made with their own key pair, verified as the records are
 * published, and mail from a verified one arrives signed; each test works in a workspace of its own.
 */
class SenderDomainsIT {
    private static final Duration DELIVERY = Duration.ofSeconds(30);

    @BeforeAll
    static void dnsServer() {
        DnsZone.assumeAvailable();
    }

    private static String newDomain() {
        return "d" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + ".example";
    }

    private static DnsRecord record(SenderDomain domain, DnsRecord.PurposeEnum purpose) {
        return domain.getRecords().stream()
                .filter(r -> r.getPurpose() == purpose)
                .findFirst()
                .orElseThrow();
    }

    private static DnsRecordCheck check(SenderDomain domain, DnsRecordCheck.PurposeEnum purpose) {
        return domain.getChecks().stream()
                .filter(c -> c.getPurpose() == purpose)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void a_domain_is_made_with_its_records_read_listed_and_deleted_and_its_private_key_never_shows() {
        Client api = Workspaces.createOther();
        String name = newDomain();

        ApiResponse<SenderDomain> created =
                call(() -> api.domains.domainsCreateWithHttpInfo(new SenderDomainRequest().name(name.toUpperCase())));
        SenderDomain domain = created.getData();

        assertThat(created.getStatusCode()).isEqualTo(201);
        assertThat(domain.getId()).startsWith("sdm_");
        assertThat(domain.getName()).isEqualTo(name);
        assertThat(domain.getStatus()).isEqualTo(SenderDomain.StatusEnum.PENDING);
        assertThat(domain.getChecks()).isEmpty();
        DnsRecord dkim = record(domain, DnsRecord.PurposeEnum.DKIM);
        assertThat(dkim.getName()).isEqualTo(domain.getSelector() + "._domainkey." + name);
        assertThat(dkim.getValue()).matches("v=DKIM1; k=rsa; p=MII[A-Za-z0-9+/=]{380,}");
        assertThat(dkim.getRequired()).isTrue();
        assertThat(record(domain, DnsRecord.PurposeEnum.SPF).getName()).isEqualTo(name);
        assertThat(record(domain, DnsRecord.PurposeEnum.DMARC).getName()).isEqualTo("_dmarc." + name);
        assertThat(call(() -> api.domains.domainsGet(domain.getId()))).isEqualTo(domain);
        assertThat(call(() -> api.domains.domainsList(null, null)).getData()).containsExactly(domain);
        assertThat(refusal(() -> api.domains.domainsCreate(new SenderDomainRequest().name(name)))
                        .error())
                .isEqualTo("domain_exists");

        // No answer holds the private key, sealed or not: nothing but the public key and the names.
        Api raw = api.raw();
        for (Api.Reply reply : List.of(
                raw.get("/api/v1/domains/" + domain.getId()),
                raw.get("/api/v1/domains"),
                raw.post(
                        "/api/v1/domains/" + domain.getId() + "/verify",
                        Json.createObjectBuilder().build()),
                raw.post(
                        "/api/v1/domains",
                        Json.createObjectBuilder().add("name", newDomain()).build()))) {
            assertThat(reply.status()).as("%s", reply).isIn(200, 201);
            assertThat(reply.raw().body().toLowerCase())
                    .doesNotContain("private")
                    .doesNotContain("sealed")
                    .doesNotContain("v1:")
                    .doesNotContain("miie");
        }

        assertThat(call(() -> api.domains.domainsDeleteWithHttpInfo(domain.getId()))
                        .getStatusCode())
                .isEqualTo(204);
        assertThat(refusal(() -> api.domains.domainsGet(domain.getId())).status())
                .isEqualTo(404);
    }

    @Test
    void the_published_records_verify_the_domain() throws Exception {
        Client api = Workspaces.createOther();
        String name = newDomain();
        SenderDomain domain = call(() -> api.domains.domainsCreate(new SenderDomainRequest().name(name)));

        SenderDomain verified;
        try (DnsZone ignored = DnsZone.serve(Set.of(name), VerifiedDomains.published(domain))) {
            verified = call(() -> api.domains.domainsVerify(domain.getId()));
        }

        assertThat(verified.getStatus()).isEqualTo(SenderDomain.StatusEnum.VERIFIED);
        assertThat(verified.getChecks())
                .extracting(DnsRecordCheck::getResult)
                .containsOnly(DnsRecordCheck.ResultEnum.OK);
        assertThat(check(verified, DnsRecordCheck.PurposeEnum.DKIM).getFound())
                .containsExactly(record(domain, DnsRecord.PurposeEnum.DKIM).getValue());
        assertThat(verified.getCheckedAt()).isNotNull();
        assertThat(call(() -> api.domains.domainsGet(domain.getId())).getStatus())
                .isEqualTo(SenderDomain.StatusEnum.VERIFIED);
    }

    @Test
    void a_missing_dkim_record_keeps_it_pending_and_a_wrong_one_fails_it_each_saying_what_is_wrong() throws Exception {
        Client api = Workspaces.createOther();
        String name = newDomain();
        SenderDomain domain = call(() -> api.domains.domainsCreate(new SenderDomainRequest().name(name)));
        String dkimName = record(domain, DnsRecord.PurposeEnum.DKIM).getName();

        SenderDomain missing;
        try (DnsZone ignored = DnsZone.serve(Set.of(name), Map.of(name, List.of("v=spf1 mx ~all")))) {
            missing = call(() -> api.domains.domainsVerify(domain.getId()));
        }
        assertThat(missing.getStatus()).isEqualTo(SenderDomain.StatusEnum.PENDING);
        DnsRecordCheck noKey = check(missing, DnsRecordCheck.PurposeEnum.DKIM);
        assertThat(noKey.getResult()).isEqualTo(DnsRecordCheck.ResultEnum.MISSING);
        assertThat(noKey.getProblem()).contains("no TXT record at " + dkimName);
        assertThat(check(missing, DnsRecordCheck.PurposeEnum.SPF).getResult()).isEqualTo(DnsRecordCheck.ResultEnum.OK);
        assertThat(check(missing, DnsRecordCheck.PurposeEnum.DMARC).getResult())
                .isEqualTo(DnsRecordCheck.ResultEnum.MISSING);

        // Another key under the selector's name: someone else's, or an old one.
        SenderDomain other =
                call(() -> Workspaces.createOther().domains.domainsCreate(new SenderDomainRequest().name(name)));
        SenderDomain wrong;
        try (DnsZone ignored = DnsZone.serve(
                Set.of(name),
                Map.of(
                        dkimName,
                        List.of(record(other, DnsRecord.PurposeEnum.DKIM).getValue())))) {
            wrong = call(() -> api.domains.domainsVerify(domain.getId()));
        }
        assertThat(wrong.getStatus()).isEqualTo(SenderDomain.StatusEnum.FAILED);
        DnsRecordCheck otherKey = check(wrong, DnsRecordCheck.PurposeEnum.DKIM);
        assertThat(otherKey.getResult()).isEqualTo(DnsRecordCheck.ResultEnum.WRONG);
        assertThat(otherKey.getProblem()).contains("holds another key");
    }

    @Test
    void mail_from_a_verified_domain_arrives_signed_and_a_real_verifier_accepts_it_but_not_once_changed()
            throws Exception {
        Client api = Workspaces.createOther();
        String name = newDomain();
        SenderDomain domain = VerifiedDomains.of(api, name);
        String template = api.createTemplate("Receipt for [[${data.name}]]", "<p>Thanks, Ada</p>", "Thanks, Ada");
        String to = Api.newRecipient();

        EmailSend accepted = call(() -> api.emails.emailsSend(
                Api.newIdempotencyKey(),
                new SendEmailRequest()
                        .templateId(template)
                        .from("Shop <shop@" + name + ">")
                        .to(Client.to(to))
                        .data(Map.of("name", "Ada"))));
        assertThat(accepted.getDkim()).isNull();
        EmailSend sent = api.awaitFinal(accepted.getId(), DELIVERY);

        assertThat(sent.getStatus()).isEqualTo(EmailSend.StatusEnum.SENT);
        assertThat(sent.getDkim())
                .isEqualTo(new EmailSendDkim()
                        .status(EmailSendDkim.StatusEnum.SIGNED)
                        .domain(name));
        String message = raw(SmtpServer.awaitOneMessageTo(to, DELIVERY));
        assertThat(message).contains("DKIM-Signature:");

        Map<String, List<String>> zone = new HashMap<>(VerifiedDomains.published(domain));
        try (DnsZone ignored = DnsZone.serve(Set.of(name), zone)) {
            List<SignatureRecord> signatures = verify(message);
            assertThat(signatures).hasSize(1);
            SignatureRecord signature = signatures.get(0);
            assertThat(signature.getDToken().toString()).isEqualTo(name);
            assertThat(signature.getSelector().toString()).isEqualTo(domain.getSelector());
            assertThat(signature.getHashAlgo().toString()).isEqualTo("sha-256");
            assertThat(signature.getHeaderCanonicalisationMethod()).isEqualTo("relaxed");
            assertThat(signature.getBodyCanonicalisationMethod()).isEqualTo("relaxed");
            assertThat(signature.getHeaders().stream().map(h -> h.toString().toLowerCase()))
                    .contains("from", "to", "subject", "date", "message-id", "mime-version", "content-type");

            String subject = message.lines()
                    .filter(line -> line.startsWith("Subject:"))
                    .findFirst()
                    .orElseThrow();
            assertThatThrownBy(() -> verify(message.replace(subject, "Subject: Your account is locked")))
                    .isInstanceOf(FailException.class);
        }
    }

    @Test
    void mail_from_a_domain_that_is_not_verified_arrives_unsigned_and_its_email_says_why() {
        Client api = Workspaces.createOther();
        String name = newDomain();
        call(() -> api.domains.domainsCreate(new SenderDomainRequest().name(name)));
        String template = api.createTemplate("Hello", "<p>Hello</p>", null);
        String to = Api.newRecipient();

        EmailSend accepted = call(() -> api.emails.emailsSend(
                Api.newIdempotencyKey(),
                new SendEmailRequest().templateId(template).from("news@" + name).to(Client.to(to))));
        EmailSend sent = api.awaitFinal(accepted.getId(), DELIVERY);

        assertThat(sent.getStatus()).isEqualTo(EmailSend.StatusEnum.SENT);
        assertThat(sent.getDkim().getStatus()).isEqualTo(EmailSendDkim.StatusEnum.UNSIGNED);
        assertThat(sent.getDkim().getDomain()).isEqualTo(name);
        assertThat(sent.getDkim().getReason()).contains(name + " is not a verified sender domain of the workspace");
        assertThat(SmtpServer.header(SmtpServer.awaitOneMessageTo(to, DELIVERY), "DKIM-Signature"))
                .isNull();
    }

    @Test
    void another_workspace_can_neither_read_nor_verify_nor_delete_a_domain() {
        Client api = Workspaces.createOther();
        Client other = Workspaces.createOther();
        SenderDomain domain = call(() -> api.domains.domainsCreate(new SenderDomainRequest().name(newDomain())));

        for (Client.Refusal refused : List.of(
                refusal(() -> other.domains.domainsGet(domain.getId())),
                refusal(() -> other.domains.domainsVerify(domain.getId())),
                refusal(() -> other.domains.domainsDeleteWithHttpInfo(domain.getId())))) {
            assertThat(refused.status()).isEqualTo(404);
            assertThat(refused.error()).isEqualTo("not_found");
        }
        assertThat(call(() -> other.domains.domainsList(null, null)).getData()).isEmpty();
        assertThat(call(() -> api.domains.domainsGet(domain.getId())).getChecks())
                .isEmpty();
    }

    @Test
    void hostile_names_are_refused_with_a_problem_document() {
        Api raw = Workspaces.createOther().raw();
        List<String> hostile = List.of(
                "acme.example\r\nBcc: victim@example.org",
                "not a domain",
                "acme",
                "a".repeat(64) + ".example",
                ("a".repeat(60) + ".").repeat(5) + "example",
                "x".repeat(100_000),
                "../../etc/passwd",
                "<script>.example");
        for (String name : hostile) {
            Api.Reply reply = raw.post(
                    "/api/v1/domains",
                    Json.createObjectBuilder().add("name", name).build());
            assertThat(reply.status()).as("%s", name).isEqualTo(422);
            assertThat(reply.contentType()).startsWith("application/problem+json");
            assertThat(reply.error()).isEqualTo("validation_failed");
            assertThat(reply.raw().body()).doesNotContain("\r\nBcc");
        }
        Api.Reply notJson = raw.postRaw("/api/v1/domains", "{\"name\": ", "application/json");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.contentType()).startsWith("application/problem+json");
        Api.Reply number = raw.post(
                "/api/v1/domains", Json.createObjectBuilder().add("name", 5).build());
        assertThat(number.status()).isEqualTo(422);
        assertThat(raw.get("/api/v1/domains").json().getJsonArray("data")).isEmpty();
    }

    @Test
    void an_audience_send_from_a_domain_that_is_not_verified_is_not_ready_and_is_neither_scheduled_nor_handed_over() {
        Client api = Workspaces.createOther();
        String name = newDomain();
        String group = call(() -> api.subscriptionGroups.subscriptionGroupsCreate(new SubscriptionGroupRequest()
                        .name("IT " + UUID.randomUUID())
                        .type(SubscriptionGroupRequest.TypeEnum.OPT_IN)))
                .getId();
        String template = api.createTemplate("Sale", "<p>Sale</p>", null);
        String id = call(() -> api.broadcasts.broadcastsCreate(new BroadcastRequest()
                        .name("Sale")
                        .templateId(template)
                        .subscriptionGroupId(group)
                        .from("News <news@" + name + ">")))
                .getId();

        Preflight notReady = call(() -> api.broadcasts.broadcastsPreflight(id));
        assertThat(notReady.getSenderReady()).isFalse();
        assertThat(notReady.getWarnings())
                .anySatisfy(w -> assertThat(w).contains(name + " is not a sender domain of the workspace"));
        ScheduleRequest later =
                new ScheduleRequest().sendAt(Instant.now().plusSeconds(3600).toString());
        Client.Refusal schedule = refusal(() -> api.broadcasts.broadcastsSchedule(id, later));
        assertThat(schedule.status()).isEqualTo(422);
        assertThat(schedule.error()).isEqualTo("sender_not_ready");
        assertThat(refusal(() -> api.broadcasts.broadcastsConfirmation(id)).error())
                .isEqualTo("sender_not_ready");

        VerifiedDomains.of(api, name);

        assertThat(call(() -> api.broadcasts.broadcastsPreflight(id)).getSenderReady())
                .isTrue();
        assertThat(call(() -> api.broadcasts.broadcastsSchedule(id, later))
                        .getStatus()
                        .getValue())
                .isEqualTo("scheduled");
    }

    private static String raw(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Apache jDKIM's verifier, looking keys up in the loopback DNS server. */
    private static List<SignatureRecord> verify(String message) throws Exception {
        DKIMVerifier verifier = new DKIMVerifier(new DNSPublicKeyRecordRetriever(DnsZone.resolver()));
        return verifier.verify(new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8)));
    }
}
