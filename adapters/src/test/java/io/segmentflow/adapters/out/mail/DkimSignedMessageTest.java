package io.segmentflow.adapters.out.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.application.port.out.MailRelay.DkimKey;
import io.segmentflow.application.port.out.MailRelay.OutgoingEmail;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.email.Mailbox;
import jakarta.mail.Session;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.exceptions.FailException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A message from a verified sender domain carries a DKIM-Signature that Apache jDKIM's verifier accepts with the
 * domain's published key, and rejects once a signed header or the body changed.
 */
class DkimSignedMessageTest {
    private static KeyPair keys;
    private final MimeMessageFactory factory = new MimeMessageFactory(Session.getInstance(new Properties()));

    @BeforeAll
    static void keyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
    }

    private static OutgoingEmail email(DkimKey signing, String unsubscribe) {
        return new OutgoingEmail(
                "<em_1@acme.test>",
                new Mailbox(EmailAddress.of("billing@acme.test"), "Acme Billing"),
                new Mailbox(EmailAddress.of("ann@example.test"), "Ann"),
                List.of(EmailAddress.of("cc@example.test")),
                List.of(EmailAddress.of("hidden@example.test")),
                null,
                "Your receipt, Ünïcode",
                "<p>Thanks, " + "x".repeat(2000) + "</p>\n<p>ÆØÅ</p>",
                "Thanks",
                unsubscribe,
                signing);
    }

    private String raw(OutgoingEmail email) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        factory.create(email).writeTo(out, new String[] {"Bcc"});
        return out.toString(StandardCharsets.US_ASCII);
    }

    private static List<SignatureRecord> verify(String message) throws Exception {
        String record = "v=DKIM1; k=rsa; p="
                + Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
        DKIMVerifier verifier = new DKIMVerifier((method, selector, domain) -> {
            assertThat(selector.toString()).isEqualTo("sf0123456789");
            assertThat(domain.toString()).isEqualTo("acme.test");
            return List.of(record);
        });
        return verifier.verify(new ByteArrayInputStream(message.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void a_signed_message_verifies_and_covers_the_headers_that_matter() throws Exception {
        String message = raw(email(
                new DkimKey("acme.test", "sf0123456789", keys.getPrivate()),
                "https://mail.acme.test/unsubscribe/pr_1.sg_2.c2ln"));

        List<SignatureRecord> signatures = verify(message);

        assertThat(signatures).hasSize(1);
        SignatureRecord signature = signatures.get(0);
        assertThat(signature.getDToken().toString()).isEqualTo("acme.test");
        assertThat(signature.getHashAlgo().toString()).isEqualTo("sha-256");
        assertThat(signature.getHeaderCanonicalisationMethod()).isEqualTo("relaxed");
        assertThat(signature.getBodyCanonicalisationMethod()).isEqualTo("relaxed");
        assertThat(signature.getHeaders().stream().map(h -> h.toString().toLowerCase()))
                .contains(
                        "from",
                        "to",
                        "cc",
                        "subject",
                        "date",
                        "message-id",
                        "list-unsubscribe",
                        "mime-version",
                        "content-type");
        assertThat(message).doesNotContain("hidden@example.test");
    }

    @Test
    void a_changed_subject_or_body_breaks_the_signature() throws Exception {
        String message = raw(email(new DkimKey("acme.test", "sf0123456789", keys.getPrivate()), null));
        String subject = message.lines()
                .filter(line -> line.startsWith("Subject:"))
                .findFirst()
                .orElseThrow();

        assertThatThrownBy(() -> verify(message.replace(subject, "Subject: Pay here now")))
                .isInstanceOf(FailException.class);
        assertThatThrownBy(() -> verify(message.replace("Thanks", "Pay us"))).isInstanceOf(FailException.class);
    }

    @Test
    void an_unsigned_message_has_no_signature() throws Exception {
        assertThat(raw(email(null, null))).doesNotContain("DKIM-Signature");
    }
}
