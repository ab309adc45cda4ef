package io.segmentflow.adapters.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.domain.email.DeliveryProgress;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.email.EmailSend;
import io.segmentflow.domain.email.EmailSendDetails;
import io.segmentflow.domain.email.EmailSendStatus;
import io.segmentflow.domain.email.Mailbox;
import io.segmentflow.domain.email.SendPriority;
import io.segmentflow.domain.email.Tracking;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sends of an erased Profile keep their address and lose what they held about the person; those still queued are
 * skipped.
 */
@ExtendWith(TestDatabaseExtension.class)
class JpaEmailSendsForgetProfileTest {
    private static final WorkspaceId WORKSPACE = new WorkspaceId("ws_sends");
    private static final WorkspaceId OTHER_WORKSPACE = new WorkspaceId("ws_other");
    private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");
    private static final Mailbox FROM = new Mailbox(EmailAddress.of("billing@acme.test"), "Acme");

    private final TestDatabase db;

    JpaEmailSendsForgetProfileTest(TestDatabase db) {
        this.db = db;
    }

    private static EmailSend send(String id, WorkspaceId workspace, String profileId) {
        return EmailSend.accept(new EmailSendDetails(
                id,
                workspace,
                profileId,
                "tpl_1",
                "tsn_1",
                new Mailbox(EmailAddress.of("ann@example.test"), "Ann Émile"),
                "crm-42",
                FROM,
                null,
                "Your reset code",
                List.of(EmailAddress.of("carl@example.test")),
                List.of(),
                "{\"code\":\"493021\",\"link\":\"https://acme.test/reset?token=secret\"}",
                new Tracking(true, false),
                SendPriority.TRANSACTIONAL,
                EmailSend.messageIdFor(id, FROM.address()),
                "reset-" + id,
                NOW));
    }

    @Test
    void the_profile_s_sends_keep_the_address_and_lose_data_name_external_id_and_link() {
        // given
        EmailSend ann = send("em_ann", WORKSPACE, "pr_ann");
        EmailSend bob = send("em_bob", WORKSPACE, "pr_bob");
        EmailSend elsewhere = send("em_elsewhere", OTHER_WORKSPACE, "pr_ann");
        db.commit(tx -> tx.emailSends().addAll(List.of(ann, bob, elsewhere)));

        // when
        db.commit(tx -> tx.emailSends().forgetProfile(WORKSPACE, "pr_ann", NOW.plusSeconds(60)));

        // then
        assertThat(stored(WORKSPACE, "em_ann").details())
                .isEqualTo(ann.details().forgettingProfile());
        assertThat(stored(WORKSPACE, "em_ann").details().to().address()).isEqualTo(EmailAddress.of("ann@example.test"));
        assertThat(stored(WORKSPACE, "em_ann").progress())
                .isEqualTo(ann.forgettingProfile(NOW.plusSeconds(60)).progress());
        assertThat(stored(WORKSPACE, "em_ann").status()).isEqualTo(EmailSendStatus.SKIPPED);
        assertThat(stored(WORKSPACE, "em_bob").details()).isEqualTo(bob.details());
        assertThat(stored(OTHER_WORKSPACE, "em_elsewhere").details()).isEqualTo(elsewhere.details());
    }

    @Test
    void a_send_already_delivered_keeps_its_status_and_what_delivery_recorded() {
        // given
        EmailSend queued = send("em_delivered", WORKSPACE, "pr_dan");
        EmailSend delivered = EmailSend.restore(
                queued.details(),
                new DeliveryProgress(
                        EmailSendStatus.SENT, 1, null, null, "250 2.0.0 queued as 7F3A", null, NOW.plusSeconds(5)));
        db.commit(tx -> tx.emailSends().addAll(List.of(delivered)));

        // when
        db.commit(tx -> tx.emailSends().forgetProfile(WORKSPACE, "pr_dan", NOW.plusSeconds(60)));

        // then
        EmailSend stored = stored(WORKSPACE, "em_delivered");
        assertThat(stored.status()).isEqualTo(EmailSendStatus.SENT);
        assertThat(stored.progress().attempts()).isEqualTo(1);
        assertThat(stored.progress().lastReply()).isEqualTo("250 2.0.0 queued as 7F3A");
        assertThat(stored.details()).isEqualTo(delivered.details().forgettingProfile());
    }

    private EmailSend stored(WorkspaceId workspace, String id) {
        return db.inTransaction(tx -> tx.emailSends().find(workspace, id)).orElseThrow();
    }
}
