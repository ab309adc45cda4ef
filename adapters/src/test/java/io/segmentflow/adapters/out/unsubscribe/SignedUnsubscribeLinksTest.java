package io.segmentflow.adapters.out.unsubscribe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.application.port.out.UnsubscribeLinks.Target;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A link names one Profile and one group under this server's key; any change to it, or another key, names nothing. */
class SignedUnsubscribeLinksTest {
    private static final byte[] KEY = "k".repeat(32).getBytes(StandardCharsets.UTF_8);
    private static final byte[] OTHER_KEY = "o".repeat(32).getBytes(StandardCharsets.UTF_8);

    private final SignedUnsubscribeLinks links = new SignedUnsubscribeLinks("https://mail.acme.test/", () -> KEY);

    @Test
    void a_link_is_under_the_public_url_and_reads_back_as_its_profile_and_group() {
        String link = links.linkFor("pr_01abc", "sg_01xyz");

        assertThat(link).startsWith("https://mail.acme.test/unsubscribe/pr_01abc.sg_01xyz.");
        assertThat(links.read(token(link))).contains(new Target("pr_01abc", "sg_01xyz"));
    }

    @Test
    void a_link_with_another_profile_or_group_or_signature_reads_as_nothing() {
        String token = token(links.linkFor("pr_01abc", "sg_01xyz"));
        String signature = token.substring(token.lastIndexOf('.') + 1);

        assertThat(links.read("pr_01abd.sg_01xyz." + signature)).isEmpty();
        assertThat(links.read("pr_01abc.sg_01xyy." + signature)).isEmpty();
        assertThat(links.read("pr_01abc.sg_01xyz." + signature.substring(1))).isEmpty();
        assertThat(links.read("pr_01abc.sg_01xyz." + flipFirst(signature))).isEmpty();
        assertThat(links.read("pr_01abc.sg_01xyz")).isEmpty();
        assertThat(links.read("pr_01abc.sg_01xyz." + signature + ".more")).isEmpty();
        assertThat(links.read("PR_01ABC.sg_01xyz." + signature)).isEmpty();
        assertThat(links.read("")).isEmpty();
        assertThat(links.read(null)).isEmpty();
    }

    @Test
    void a_link_signed_under_another_key_reads_as_nothing() {
        SignedUnsubscribeLinks otherServer = new SignedUnsubscribeLinks("https://mail.acme.test", () -> OTHER_KEY);

        assertThat(links.read(token(otherServer.linkFor("pr_01abc", "sg_01xyz"))))
                .isEmpty();
    }

    @Test
    void the_key_is_asked_for_once() {
        AtomicInteger asked = new AtomicInteger();
        SignedUnsubscribeLinks counted = new SignedUnsubscribeLinks("http://localhost:9080", () -> {
            asked.incrementAndGet();
            return KEY;
        });

        counted.linkFor("pr_1", "sg_1");
        counted.read(token(counted.linkFor("pr_2", "sg_2")));

        assertThat(asked).hasValue(1);
    }

    @Test
    void a_public_url_that_could_break_a_header_or_is_not_http_is_refused() {
        assertThatThrownBy(() -> new SignedUnsubscribeLinks("ftp://mail.acme.test", () -> KEY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SignedUnsubscribeLinks("https://mail.acme.test/\r\nBcc: x", () -> KEY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SignedUnsubscribeLinks("https://mail.acme.test/>", () -> KEY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_short_key_is_refused() {
        SignedUnsubscribeLinks weak = new SignedUnsubscribeLinks("https://mail.acme.test", () -> new byte[8]);

        assertThatThrownBy(() -> weak.linkFor("pr_1", "sg_1")).isInstanceOf(IllegalStateException.class);
    }

    private static String token(String link) {
        return link.substring(link.indexOf(SignedUnsubscribeLinks.PATH) + SignedUnsubscribeLinks.PATH.length());
    }

    private static String flipFirst(String signature) {
        char first = signature.charAt(0);
        return (first == 'A' ? 'B' : 'A') + signature.substring(1);
    }
}
