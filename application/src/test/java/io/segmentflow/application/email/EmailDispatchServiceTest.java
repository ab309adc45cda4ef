package io.segmentflow.application.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.application.error.StoreUnavailableException;
import io.segmentflow.application.fake.FakeTransactions;
import io.segmentflow.application.fake.InMemoryConsents;
import io.segmentflow.application.fake.InMemoryEmailSends;
import io.segmentflow.application.fake.InMemoryProfiles;
import io.segmentflow.application.fake.InMemorySenderDomains;
import io.segmentflow.application.fake.InMemorySubscriptionGroups;
import io.segmentflow.application.fake.InMemorySuppressions;
import io.segmentflow.application.fake.InMemoryTemplates;
import io.segmentflow.application.fake.InMemoryUserEvents;
import io.segmentflow.application.fake.ManualClock;
import io.segmentflow.application.fake.NaiveTemplateRenderer;
import io.segmentflow.application.fake.PlainDkimKeys;
import io.segmentflow.application.fake.PlainUnsubscribeLinks;
import io.segmentflow.application.fake.RecordingDispatchSignal;
import io.segmentflow.application.fake.RecordingMailRelay;
import io.segmentflow.application.port.out.DkimKeys;
import io.segmentflow.application.port.out.MailRelay.Accepted;
import io.segmentflow.application.port.out.MailRelay.OutgoingEmail;
import io.segmentflow.application.port.out.MailRelay.PermanentFailure;
import io.segmentflow.application.port.out.MailRelay.TransientFailure;
import io.segmentflow.application.sender.SigningKeys;
import io.segmentflow.domain.audience.Consent;
import io.segmentflow.domain.audience.ConsentSource;
import io.segmentflow.domain.audience.ConsentStatus;
import io.segmentflow.domain.audience.SubscriptionGroup;
import io.segmentflow.domain.email.AudienceLink;
import io.segmentflow.domain.email.DeliveryAttempt;
import io.segmentflow.domain.email.DkimSignature;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.email.EmailSend;
import io.segmentflow.domain.email.EmailSendDetails;
import io.segmentflow.domain.email.EmailSendStatus;
import io.segmentflow.domain.email.JourneyLink;
import io.segmentflow.domain.email.Mailbox;
import io.segmentflow.domain.email.RecipientKind;
import io.segmentflow.domain.email.RecipientRefusal;
import io.segmentflow.domain.email.RecipientReply;
import io.segmentflow.domain.email.SendPriority;
import io.segmentflow.domain.email.WithheldRecipient;
import io.segmentflow.domain.event.EventName;
import io.segmentflow.domain.event.UserEvent;
import io.segmentflow.domain.profile.Profile;
import io.segmentflow.domain.sender.DomainName;
import io.segmentflow.domain.sender.SenderDomain;
import io.segmentflow.domain.sender.TxtLookup;
import io.segmentflow.domain.shared.Identifier;
import io.segmentflow.domain.suppression.Suppression;
import io.segmentflow.domain.suppression.SuppressionReason;
import io.segmentflow.domain.template.Template;
import io.segmentflow.domain.template.TemplateContent;
import io.segmentflow.domain.template.TemplateKind;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class EmailDispatchServiceTest {
    private static final Instant ACCEPTED_AT = Instant.parse("2025-03-01T10:00:00Z");
    private static final WorkspaceId ACME = new WorkspaceId("ws_acme");
    private static final Mailbox FROM = Mailbox.parse("Acme <no-reply@acme.com>");
    private static final int MAX_ATTEMPTS = 3;
    private static final Duration LIFETIME = Duration.ofHours(2);
    private static final DeliverySettings SETTINGS = new DeliverySettings(
            Duration.ofMinutes(2), 10, MAX_ATTEMPTS, Duration.ofMinutes(1), Duration.ofHours(1), LIFETIME);

    private final ManualClock clock = new ManualClock(ACCEPTED_AT);
    private final InMemoryEmailSends sends = new InMemoryEmailSends();
    private final InMemoryTemplates templates = new InMemoryTemplates();
    private final InMemoryProfiles profiles = new InMemoryProfiles();
    private final InMemoryUserEvents events = new InMemoryUserEvents();
    private final InMemorySuppressions suppressions = new InMemorySuppressions();
    private final InMemorySubscriptionGroups groups = new InMemorySubscriptionGroups();
    private final InMemoryConsents consents = new InMemoryConsents();
    private final InMemorySenderDomains senderDomains = new InMemorySenderDomains();
    private final PlainDkimKeys dkimKeys = new PlainDkimKeys();
    private final FakeTransactions transactions =
            new FakeTransactions(sends, templates, profiles, suppressions, senderDomains);
    private final SigningKeys signingKeys = new SigningKeys(senderDomains, dkimKeys, clock);
    private final RecordingMailRelay relay = new RecordingMailRelay(transactions::isActive);
    private final NaiveTemplateRenderer renderer = new NaiveTemplateRenderer();
    private final RecordingDispatchSignal signal = new RecordingDispatchSignal(transactions::isActive, () -> 0);
    private final EmailDispatchService dispatcher = new EmailDispatchService(
            sends,
            templates,
            profiles,
            events,
            renderer,
            relay,
            suppressions,
            groups,
            consents,
            new PlainUnsubscribeLinks(),
            signingKeys,
            transactions,
            signal,
            clock,
            SETTINGS);

    // The warnings the dispatcher logs on purpose here (a relay that throws, a lost lease) are not news.
    private static final Logger DISPATCHER_LOG = Logger.getLogger(EmailDispatchService.class.getName());
    private static Level levelBefore;

    private Template welcome;

    @BeforeAll
    static void quiet_the_expected_warnings() {
        levelBefore = DISPATCHER_LOG.getLevel();
        DISPATCHER_LOG.setLevel(Level.SEVERE);
    }

    @AfterAll
    static void restore_the_log_level() {
        DISPATCHER_LOG.setLevel(levelBefore);
    }

    @BeforeEach
    void a_welcome_template() {
        welcome = Template.create(
                ACME,
                "Welcome",
                TemplateKind.TRANSACTIONAL,
                new TemplateContent(
                        "Welcome, ${data.name}",
                        "<p>Hello ${data.name}, you are on ${profile.plan}</p>",
                        "Hello ${data.name}"),
                ACCEPTED_AT);
        templates.add(welcome);
    }

    private EmailSend queue(Template template, String data, String subjectOverride, SendPriority priority) {
        return queue(template, data, subjectOverride, priority, null);
    }

    private EmailSend queue(
            Template template, String data, String subjectOverride, SendPriority priority, AudienceLink audience) {
        String id = Identifier.next("em", clock.instant());
        Profile profile = profiles.upsert(ACME, EmailAddress.of("ada@example.com"), null, clock.instant());
        EmailSend send = EmailSend.accept(new EmailSendDetails(
                id,
                ACME,
                profile.id(),
                template.id(),
                template.current().id(),
                Mailbox.parse("Ada <ada@example.com>"),
                null,
                FROM,
                EmailAddress.of("support@acme.com"),
                subjectOverride,
                List.of(EmailAddress.of("cc@example.com")),
                List.of(EmailAddress.of("archive@acme.com")),
                data,
                null,
                priority,
                EmailSend.messageIdFor(id, FROM.address()),
                "key-" + id,
                clock.instant(),
                null,
                audience));
        sends.add(send);
        return send;
    }

    /** A welcome email to Ada under a subscription group, as emails.send with a subscriptionGroupId queues it. */
    private EmailSend queueUnder(SubscriptionGroup group) {
        return queue(welcome, "{}", null, SendPriority.TRANSACTIONAL, new AudienceLink(group.id(), null));
    }

    private SubscriptionGroup group(boolean optIn) {
        SubscriptionGroup group = SubscriptionGroup.create(ACME, "Product news", null, optIn, clock.instant());
        groups.add(group);
        return group;
    }

    private void consent(EmailSend send, SubscriptionGroup group, ConsentStatus status) {
        consents.set(
                new Consent(ACME, send.details().profileId(), group.id(), status, ConsentSource.API, clock.instant()));
    }

    private EmailSend queueWelcome() {
        return queue(welcome, "{\"name\":\"Ada\"}", null, SendPriority.TRANSACTIONAL);
    }

    private EmailSend storedVersionOf(EmailSend send) {
        return sends.stored(send.id());
    }

    @Nested
    class Signing {
        private SenderDomain verifiedFromDomain() {
            DkimKeys.NewKey key = dkimKeys.generate();
            SenderDomain domain = SenderDomain.create(
                    ACME,
                    new DomainName(FROM.address().domain()),
                    key.publicKey(),
                    key.sealedPrivateKey(),
                    ACCEPTED_AT);
            domain.verify(
                    name -> name.equals(domain.dkimRecordName())
                            ? new TxtLookup.Found(
                                    List.of(domain.records().get(0).value()))
                            : new TxtLookup.Absent(),
                    ACCEPTED_AT);
            senderDomains.add(domain);
            return domain;
        }

        @Test
        void mail_from_a_verified_sender_domain_is_signed_with_its_key_opened_once() {
            SenderDomain domain = verifiedFromDomain();
            EmailSend first = queueWelcome();
            EmailSend second = queueWelcome();

            dispatcher.dispatchDue();

            assertThat(relay.delivered()).hasSize(2).allSatisfy(email -> {
                assertThat(email.signing()).isNotNull();
                assertThat(email.signing().domain()).isEqualTo(domain.name().value());
                assertThat(email.signing().selector()).isEqualTo(domain.selector());
            });
            assertThat(dkimKeys.opened()).isEqualTo(1);
            assertThat(storedVersionOf(first).dkim())
                    .isEqualTo(DkimSignature.signed(domain.name().value()));
            assertThat(storedVersionOf(second).dkim().status()).isEqualTo(DkimSignature.Status.SIGNED);
        }

        @Test
        void mail_from_a_domain_that_is_not_verified_goes_out_unsigned_and_says_why() {
            SenderDomain pending =
                    SenderDomain.create(ACME, new DomainName(FROM.address().domain()), "AAAA", "plain:", ACCEPTED_AT);
            senderDomains.add(pending);
            EmailSend send = queueWelcome();

            dispatcher.dispatchDue();

            assertThat(relay.onlyDelivered().signing()).isNull();
            DkimSignature dkim = storedVersionOf(send).dkim();
            assertThat(dkim.status()).isEqualTo(DkimSignature.Status.UNSIGNED);
            assertThat(dkim.domain()).isEqualTo(FROM.address().domain());
            assertThat(dkim.reason()).contains("is not a verified sender domain of the workspace");
            assertThat(dkimKeys.opened()).isZero();
        }

        @Test
        void another_workspaces_verified_domain_does_not_sign_this_workspaces_mail() {
            senderDomains.addVerified(
                    new WorkspaceId("ws_other"), FROM.address().domain(), ACCEPTED_AT);
            EmailSend send = queueWelcome();

            dispatcher.dispatchDue();

            assertThat(relay.onlyDelivered().signing()).isNull();
            assertThat(storedVersionOf(send).dkim().status()).isEqualTo(DkimSignature.Status.UNSIGNED);
        }

        @Test
        void a_workspaces_domains_are_read_again_once_they_may_have_changed() {
            EmailSend before = queueWelcome();
            dispatcher.dispatchDue();
            SenderDomain domain = verifiedFromDomain();

            EmailSend meanwhile = queueWelcome();
            dispatcher.dispatchDue();
            clock.advance(SigningKeys.FRESH_FOR);
            EmailSend later = queueWelcome();
            dispatcher.dispatchDue();
            signingKeys.forget(ACME);
            senderDomains.remove(ACME, domain.id());
            EmailSend afterDeletion = queueWelcome();
            dispatcher.dispatchDue();

            assertThat(storedVersionOf(before).dkim().status()).isEqualTo(DkimSignature.Status.UNSIGNED);
            // Another node's verification is seen once what this node read is no longer fresh.
            assertThat(storedVersionOf(meanwhile).dkim().status()).isEqualTo(DkimSignature.Status.UNSIGNED);
            assertThat(storedVersionOf(later).dkim().status()).isEqualTo(DkimSignature.Status.SIGNED);
            assertThat(storedVersionOf(afterDeletion).dkim().status()).isEqualTo(DkimSignature.Status.UNSIGNED);
        }

        @Test
        void a_key_that_does_not_open_sends_unsigned_and_says_so() {
            senderDomains.addVerified(ACME, FROM.address().domain(), ACCEPTED_AT);
            EmailSend send = queueWelcome();

            dispatcher.dispatchDue();

            assertThat(relay.onlyDelivered().signing()).isNull();
            assertThat(storedVersionOf(send).dkim().reason()).contains("cannot be opened");
        }
    }

    @Nested
    class Delivering {
        @Test
        void an_accepted_delivery_is_recorded_as_sent_with_the_relay_reply() {
            EmailSend send = queueWelcome();
            relay.willAnswer(new Accepted("250 2.0.0 Ok: queued as 4F2A1"));

            int claimed = dispatcher.dispatchDue().claimed();

            assertThat(claimed).isEqualTo(1);
            EmailSend stored = storedVersionOf(send);
            assertThat(stored.status()).isEqualTo(EmailSendStatus.SENT);
            assertThat(stored.attempts()).isEqualTo(1);
            assertThat(stored.progress().lastReply()).isEqualTo("250 2.0.0 Ok: queued as 4F2A1");
        }

        @Test
        void the_message_is_rendered_from_the_snapshot_with_the_send_data_and_the_profile() {
            EmailSend send = queueWelcome();
            Profile ada = profiles.find(ACME, send.details().profileId()).orElseThrow();
            profiles.put(ada.withProperties("{\"plan\":\"Pro\"}", ada.createdAt()));

            dispatcher.dispatchDue();

            OutgoingEmail email = relay.onlyDelivered();
            assertThat(email.subject()).isEqualTo("Welcome, Ada");
            assertThat(email.html()).isEqualTo("<p>Hello Ada, you are on Pro</p>");
            assertThat(email.text()).isEqualTo("Hello Ada");
        }

        @Test
        void a_journey_email_renders_the_data_of_the_event_that_started_its_run() {
            Template reset = Template.create(
                    ACME,
                    "Reset",
                    TemplateKind.TRANSACTIONAL,
                    new TemplateContent("Your code", "<p>Code ${event.code} for ${profile.plan}</p>", null),
                    ACCEPTED_AT);
            templates.add(reset);
            UserEvent requested = UserEvent.record(
                    ACME,
                    new EventName("password_reset.requested"),
                    "pr_1",
                    "{\"code\":\"493021\"}",
                    null,
                    null,
                    clock.instant());
            events.addAll(List.of(requested));
            Profile ada = profiles.upsert(ACME, EmailAddress.of("ada@example.com"), null, clock.instant());
            String id = Identifier.next("em", clock.instant());
            EmailSend fromJourney = EmailSend.accept(new EmailSendDetails(
                    id,
                    ACME,
                    ada.id(),
                    reset.id(),
                    reset.current().id(),
                    Mailbox.parse("Ada <ada@example.com>"),
                    null,
                    FROM,
                    null,
                    null,
                    List.of(),
                    List.of(),
                    "{}",
                    null,
                    SendPriority.TRANSACTIONAL,
                    EmailSend.messageIdFor(id, FROM.address()),
                    null,
                    clock.instant(),
                    new JourneyLink("run_1", "send-code", requested.id())));
            sends.add(fromJourney);

            dispatcher.dispatchDue();

            assertThat(relay.onlyDelivered().html()).isEqualTo("<p>Code 493021 for </p>");
        }

        @Test
        void the_message_carries_the_envelope_of_the_send() {
            EmailSend send = queueWelcome();

            dispatcher.dispatchDue();

            OutgoingEmail email = relay.onlyDelivered();
            assertThat(email.messageId()).isEqualTo("<" + send.id() + "@acme.com>");
            assertThat(email.from()).isEqualTo(FROM);
            assertThat(email.to()).isEqualTo(Mailbox.parse("Ada <ada@example.com>"));
            assertThat(email.replyTo()).isEqualTo(EmailAddress.of("support@acme.com"));
            assertThat(email.cc()).containsExactly(EmailAddress.of("cc@example.com"));
            assertThat(email.bcc()).containsExactly(EmailAddress.of("archive@acme.com"));
        }

        @Test
        void a_send_is_rendered_from_the_snapshot_it_was_accepted_with_even_after_an_edit() {
            EmailSend send = queueWelcome();
            Template edited = templates.find(ACME, welcome.id()).orElseThrow();
            edited.edit(
                    "Welcome",
                    TemplateKind.TRANSACTIONAL,
                    new TemplateContent("New subject", "<p>New</p>", null),
                    ACCEPTED_AT);
            templates.update(edited);

            dispatcher.dispatchDue();

            assertThat(relay.onlyDelivered().subject()).isEqualTo("Welcome, Ada");
            assertThat(storedVersionOf(send).status()).isEqualTo(EmailSendStatus.SENT);
        }

        @Test
        void a_subject_override_is_used_verbatim() {
            queue(welcome, "{\"name\":\"Ada\"}", "Your ${data.name} receipt", SendPriority.TRANSACTIONAL);

            dispatcher.dispatchDue();

            assertThat(relay.onlyDelivered().subject()).isEqualTo("Your ${data.name} receipt");
        }

        @Test
        void a_subject_whose_data_holds_line_breaks_is_rendered_on_one_line() {
            queue(welcome, "{\"name\":\"Ada\\r\\nBcc: victim@example.org\"}", null, SendPriority.TRANSACTIONAL);

            dispatcher.dispatchDue();

            String subject = relay.onlyDelivered().subject();
            assertThat(subject).doesNotContain("\r", "\n").isEqualTo("Welcome, Ada Bcc: victim@example.org");
        }

        @Test
        void a_subject_whose_data_holds_unicode_line_separators_is_rendered_on_one_line() {
            queue(welcome, "{\"name\":\"Ada\\u2028Bcc: x@y.z\\u0085\\u2029\"}", null, SendPriority.TRANSACTIONAL);

            dispatcher.dispatchDue();

            assertThat(relay.onlyDelivered().subject()).doesNotContain("\u2028", "\u2029", "\u0085");
        }

        @Test
        void nothing_due_means_nothing_delivered() {
            assertThat(dispatcher.dispatchDue()).isEqualTo(DispatchPass.NOTHING_DUE);
            assertThat(relay.delivered()).isEmpty();
        }

        @Test
        void a_send_is_delivered_once_even_when_the_dispatcher_runs_again() {
            queueWelcome();

            dispatcher.dispatchDue();
            int claimedAgain = dispatcher.dispatchDue().claimed();

            assertThat(claimedAgain).isZero();
            assertThat(relay.delivered()).hasSize(1);
        }

        @Test
        void delivery_happens_outside_any_transaction() {
            queueWelcome();
            queueWelcome();

            dispatcher.dispatchDue();

            assertThat(relay.delivered()).hasSize(2);
            assertThat(relay.everDeliveredInsideTransaction()).isFalse();
        }

        @Test
        void transactional_sends_go_out_before_audience_sends_that_were_due_earlier() {
            EmailSend newsletter = queue(welcome, "{\"name\":\"Reader\"}", null, SendPriority.AUDIENCE);
            clock.advance(Duration.ofSeconds(1));
            EmailSend reset = queue(welcome, "{\"name\":\"Ada\"}", null, SendPriority.TRANSACTIONAL);
            EmailDispatchService oneAtATime = new EmailDispatchService(
                    sends,
                    templates,
                    profiles,
                    events,
                    renderer,
                    relay,
                    suppressions,
                    groups,
                    consents,
                    new PlainUnsubscribeLinks(),
                    signingKeys,
                    transactions,
                    signal,
                    clock,
                    new DeliverySettings(
                            Duration.ofMinutes(2), 1, 3, Duration.ofMinutes(1), Duration.ofHours(1), LIFETIME));

            oneAtATime.dispatchDue();

            assertThat(relay.delivered())
                    .extracting(OutgoingEmail::messageId)
                    .containsExactly(
                            reset.details().messageId(), newsletter.details().messageId());
        }

        @Test
        void a_full_claim_s_results_are_recorded_in_the_transaction_that_makes_the_next_claim() {
            List<EmailSend> queued = new ArrayList<>();
            for (int i = 0; i < 2 * SETTINGS.claimBatchSize() + 5; i++) {
                queued.add(queueWelcome());
            }
            int commitsBefore = transactions.commits();

            assertThat(dispatcher.dispatchDue())
                    .as("the last claim came back short: everything due was taken")
                    .isEqualTo(new DispatchPass(queued.size(), true));

            assertThat(transactions.commits() - commitsBefore)
                    .as("claim; record and claim; record and claim; record")
                    .isEqualTo(4);
            assertThat(queued)
                    .allSatisfy(
                            send -> assertThat(storedVersionOf(send).status()).isEqualTo(EmailSendStatus.SENT));
            assertThat(relay.delivered()).hasSize(queued.size());
        }

        @Test
        void a_pass_ends_after_a_second_even_while_claims_come_back_full() {
            for (int i = 0; i < 3 * SETTINGS.claimBatchSize(); i++) {
                queueWelcome();
            }
            relay.willAnswerAfter(() -> clock.advance(Duration.ofMillis(1100)), new Accepted("250 ok"));

            assertThat(dispatcher.dispatchDue())
                    .as("ended by the clock, its claim full: more may be due")
                    .isEqualTo(new DispatchPass(SETTINGS.claimBatchSize(), false));
            assertThat(dispatcher.dispatchDue().claimed()).isEqualTo(2 * SETTINGS.claimBatchSize());
        }
    }

    @Nested
    class Retrying {
        @Test
        void a_deferred_send_is_not_retried_before_its_time_and_is_retried_after_it() {
            EmailSend send = queueWelcome();
            relay.willAnswer(new TransientFailure("421 busy"), new Accepted("250 ok"));
            dispatcher.dispatchDue();

            clock.advance(Duration.ofSeconds(47));
            assertThat(dispatcher.dispatchDue()).isEqualTo(DispatchPass.NOTHING_DUE);

            clock.advance(Duration.ofSeconds(14));
            assertThat(dispatcher.dispatchDue().claimed()).isEqualTo(1);
            EmailSend stored = storedVersionOf(send);
            assertThat(stored.status()).isEqualTo(EmailSendStatus.SENT);
            assertThat(stored.attempts()).isEqualTo(2);
            assertThat(relay.delivered())
                    .extracting(OutgoingEmail::messageId)
                    .containsExactly(send.details().messageId(), send.details().messageId());
        }

        @Test
        void the_send_decides_under_the_settings_retry_policy_and_is_not_claimed_once_it_gave_up() {
            EmailSend send = queueWelcome();
            for (int i = 0; i < MAX_ATTEMPTS; i++) {
                relay.willAnswer(new TransientFailure("451 4.3.0 mailbox busy"));
            }

            for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                assertThat(dispatcher.dispatchDue().claimed())
                        .as("attempt %d", attempt)
                        .isEqualTo(1);
                clock.advance(Duration.ofHours(1));
            }

            EmailSend stored = storedVersionOf(send);
            assertThat(stored.status()).isEqualTo(EmailSendStatus.FAILED);
            assertThat(stored.attempts()).isEqualTo(MAX_ATTEMPTS);
            assertThat(sends.attempts(ACME, send.id())).hasSize(MAX_ATTEMPTS);
            assertThat(dispatcher.dispatchDue()).isEqualTo(DispatchPass.NOTHING_DUE);
            assertThat(relay.delivered()).hasSize(MAX_ATTEMPTS);
        }

        @Test
        void every_finished_attempt_is_kept_with_its_reply() {
            EmailSend send = queueWelcome();
            relay.willAnswer(new TransientFailure("451 4.7.1 greylisted"))
                    .willAnswer(new Accepted("250 2.0.0 Ok: queued as 7C1"));

            dispatcher.dispatchDue();
            Instant retry = storedVersionOf(send).progress().nextAttemptAt();
            clock.set(retry);
            dispatcher.dispatchDue();

            // the workers were told when to come back for it, after the deferral was committed
            assertThat(signal.retries()).containsExactly(retry);
            List<DeliveryAttempt> attempts = sends.attempts(ACME, send.id());
            assertThat(attempts).extracting(DeliveryAttempt::number).containsExactly(1, 2);
            assertThat(attempts)
                    .extracting(DeliveryAttempt::result)
                    .containsExactly(DeliveryAttempt.Result.TEMPORARY_FAILURE, DeliveryAttempt.Result.ACCEPTED);
            assertThat(attempts)
                    .extracting(DeliveryAttempt::reply)
                    .containsExactly("451 4.7.1 greylisted", "250 2.0.0 Ok: queued as 7C1");
            assertThat(attempts.get(1).startedAt()).isEqualTo(clock.instant());
        }

        @Test
        void a_relay_that_throws_counts_as_a_transient_failure() {
            EmailSend send = queueWelcome();
            relay.willThrow(new IllegalStateException("connection pool exhausted"));

            dispatcher.dispatchDue();

            EmailSend stored = storedVersionOf(send);
            assertThat(stored.status()).isEqualTo(EmailSendStatus.QUEUED);
            assertThat(stored.progress().nextAttemptAt()).isAfter(clock.instant());
            assertThat(stored.progress().lastReply()).contains("IllegalStateException");
        }

        @Test
        void one_failing_send_does_not_stop_the_others_of_its_batch() {
            EmailSend first = queueWelcome();
            EmailSend second = queueWelcome();
            relay.willThrow(new IllegalStateException("boom")).willAnswer(new Accepted("250 ok"));

            assertThat(dispatcher.dispatchDue().claimed()).isEqualTo(2);

            assertThat(storedVersionOf(first).status()).isEqualTo(EmailSendStatus.QUEUED);
            assertThat(storedVersionOf(second).status()).isEqualTo(EmailSendStatus.SENT);
        }
    }

    @Nested
    class Suppressing {
        @Test
        void a_hard_bounce_suppresses_the_address_with_the_reply_and_the_send_that_bounced() {
            EmailSend send = queueWelcome();
            relay.willAnswer(new PermanentFailure(
                    "550 5.1.1 <ada@example.com>: user unknown", Set.of(EmailAddress.of("ada@example.com"))));

            dispatcher.dispatchDue();

            assertThat(suppressions.find(ACME, EmailAddress.of("Ada@Example.com")))
                    .hasValueSatisfying(s -> {
                        assertThat(s.reason()).isEqualTo(SuppressionReason.HARD_BOUNCE);
                        assertThat(s.detail()).isEqualTo("550 5.1.1 <ada@example.com>: user unknown");
                        assertThat(s.emailSendId()).isEqualTo(send.id());
                    });
        }

        @Test
        void a_send_to_a_suppressed_address_is_skipped_without_reaching_the_relay() {
            transactions.inTransaction(() ->
                    suppressions.add(Suppression.manual(ACME, EmailAddress.of("ADA@example.com"), clock.instant())));
            EmailSend send = queueWelcome();

            assertThat(dispatcher.dispatchDue().claimed()).isEqualTo(1);

            EmailSend stored = storedVersionOf(send);
            assertThat(stored.status()).isEqualTo(EmailSendStatus.SKIPPED);
            assertThat(stored.progress().failureMessage()).contains("suppression list");
            assertThat(stored.attempts()).as("a skip is no delivery attempt").isZero();
            assertThat(relay.delivered()).isEmpty();
            assertThat(sends.attempts(ACME, send.id())).isEmpty();
        }

        @Test
        void a_send_under_a_group_carries_the_recipient_s_unsubscribe_link() {
            SubscriptionGroup news = group(true);
            EmailSend send = queueUnder(news);
            consent(send, news, ConsentStatus.SUBSCRIBED);
            relay.willAnswer(new Accepted("250 ok"));

            dispatcher.dispatchDue();

            assertThat(relay.delivered())
                    .singleElement()
                    .satisfies(email -> assertThat(email.listUnsubscribe())
                            .isEqualTo(PlainUnsubscribeLinks.BASE
                                    + PlainUnsubscribeLinks.token(send.details().profileId(), news.id())));
            assertThat(storedVersionOf(send).status()).isEqualTo(EmailSendStatus.SENT);
        }

        @Test
        void a_send_under_no_group_carries_no_unsubscribe_link() {
            queueWelcome();
            relay.willAnswer(new Accepted("250 ok"));

            dispatcher.dispatchDue();

            assertThat(relay.delivered())
                    .singleElement()
                    .satisfies(email -> assertThat(email.listUnsubscribe()).isNull());
        }

        @Test
        void a_send_to_a_profile_unsubscribed_from_its_group_is_skipped_with_the_reason() {
            SubscriptionGroup news = group(false);
            EmailSend send = queueUnder(news);
            consent(send, news, ConsentStatus.UNSUBSCRIBED);

            dispatcher.dispatchDue();

            EmailSend stored = storedVersionOf(send);
            assertThat(stored.status()).isEqualTo(EmailSendStatus.SKIPPED);
            assertThat(stored.progress().failureMessage()).startsWith("unsubscribed: ");
            assertThat(relay.delivered()).isEmpty();
        }

        @Test
        void a_profile_that_never_subscribed_gets_an_opt_out_group_s_email_but_not_an_opt_in_group_s() {
            EmailSend optOut = queueUnder(group(false));
            EmailSend optIn = queueUnder(group(true));
            relay.willAnswer(new Accepted("250 ok"));

            dispatcher.dispatchDue();

            assertThat(storedVersionOf(optOut).status()).isEqualTo(EmailSendStatus.SENT);
            assertThat(storedVersionOf(optIn).status()).isEqualTo(EmailSendStatus.SKIPPED);
            assertThat(storedVersionOf(optIn).progress().failureMessage()).startsWith("never_subscribed: ");
        }

        @Test
        void an_unsubscribe_between_acceptance_and_delivery_is_honoured() {
            SubscriptionGroup news = group(true);
            EmailSend send = queueUnder(news);
            consent(send, news, ConsentStatus.SUBSCRIBED);
            consent(send, news, ConsentStatus.UNSUBSCRIBED);

            dispatcher.dispatchDue();

            assertThat(storedVersionOf(send).status()).isEqualTo(EmailSendStatus.SKIPPED);
        }

        @Test
        void after_a_hard_bounce_the_next_send_to_the_address_is_skipped() {
            EmailSend first = queueWelcome();
            relay.willAnswer(
                    new PermanentFailure("550 5.1.1 user unknown", Set.of(EmailAddress.of("ada@example.com"))));
            dispatcher.dispatchDue();
            EmailSend second = queueWelcome();

            dispatcher.dispatchDue();

            assertThat(storedVersionOf(first).status()).isEqualTo(EmailSendStatus.FAILED);
            assertThat(storedVersionOf(second).status()).isEqualTo(EmailSendStatus.SKIPPED);
            assertThat(relay.delivered()).hasSize(1);
        }

        @Test
        void another_workspace_s_suppression_does_not_skip_the_send() {
            transactions.inTransaction(() -> suppressions.add(Suppression.manual(
                    new WorkspaceId("ws_other"), EmailAddress.of("ada@example.com"), clock.instant())));
            EmailSend send = queueWelcome();
            relay.willAnswer(new Accepted("250 ok"));

            dispatcher.dispatchDue();

            assertThat(storedVersionOf(send).status()).isEqualTo(EmailSendStatus.SENT);
        }
    }

    @Nested
    class CopiesAndTheSuppressionList {
        private void suppress(String address, SuppressionReason reason) {
            transactions.inTransaction(() -> suppressions.add(
                    new Suppression(ACME, EmailAddress.of(address), reason, null, null, clock.instant())));
        }

        @Test
        void a_suppressed_cc_or_bcc_in_any_case_is_withheld_and_the_send_still_goes_to_the_others() {
            suppress("CC@Example.com", SuppressionReason.MANUAL);
            suppress("archive@ACME.com", SuppressionReason.HARD_BOUNCE);
            EmailSend send = queueWelcome();

            dispatcher.dispatchDue();

            OutgoingEmail delivered = relay.onlyDelivered();
            assertThat(delivered.to().address()).isEqualTo(EmailAddress.of("ada@example.com"));
            assertThat(delivered.cc()).isEmpty();
            assertThat(delivered.bcc()).isEmpty();
            EmailSend stored = storedVersionOf(send);
            assertThat(stored.status()).isEqualTo(EmailSendStatus.SENT);
            assertThat(stored.withheld())
                    .containsExactly(
                            new WithheldRecipient(
                                    EmailAddress.of("cc@example.com"), RecipientKind.CC, SuppressionReason.MANUAL),
                            new WithheldRecipient(
                                    EmailAddress.of("archive@acme.com"),
                                    RecipientKind.BCC,
                                    SuppressionReason.HARD_BOUNCE));
            assertThat(sends.attempts(ACME, send.id()))
                    .singleElement()
                    .satisfies(attempt -> assertThat(attempt.recipients())
                            .extracting(RecipientReply::address)
                            .containsExactly(EmailAddress.of("ada@example.com")));
        }

        @Test
        void a_suppressed_copy_stays_withheld_on_every_retry() {
            suppress("cc@example.com", SuppressionReason.MANUAL);
            EmailSend send = queueWelcome();
            relay.willAnswer(new TransientFailure("451 4.3.0 try again"), new TransientFailure("451 4.3.0 try again"));

            dispatcher.dispatchDue();
            clock.advance(Duration.ofHours(1));
            dispatcher.dispatchDue();
            clock.advance(Duration.ofHours(1));
            dispatcher.dispatchDue();

            assertThat(relay.delivered())
                    .hasSize(3)
                    .allSatisfy(email -> assertThat(email.cc()).isEmpty());
            assertThat(storedVersionOf(send).status()).isEqualTo(EmailSendStatus.SENT);
            assertThat(storedVersionOf(send).withheld())
                    .extracting(WithheldRecipient::address)
                    .containsExactly(EmailAddress.of("cc@example.com"));
        }

        @Test
        void a_send_whose_to_recipient_is_suppressed_is_skipped_even_when_its_copies_are_not() {
            suppress("ada@example.com", SuppressionReason.MANUAL);
            EmailSend send = queueWelcome();

            dispatcher.dispatchDue();

            assertThat(storedVersionOf(send).status()).isEqualTo(EmailSendStatus.SKIPPED);
            assertThat(storedVersionOf(send).withheld())
                    .extracting(WithheldRecipient::kind)
                    .containsExactly(RecipientKind.TO);
            assertThat(relay.delivered()).isEmpty();
        }

        @Test
        void every_recipient_of_every_claimed_send_is_looked_up_in_one_query_per_workspace() {
            queueWelcome();
            queueWelcome();
            int before = suppressions.queries();

            dispatcher.dispatchDue();

            assertThat(suppressions.queries() - before).isEqualTo(1);
        }

        @Test
        void a_copy_refused_for_good_at_rcpt_is_suppressed_and_the_send_is_sent_to_the_others() {
            EmailSend send = queueWelcome();
            relay.willAnswer(new Accepted(
                    "250 2.0.0 queued as 9B",
                    List.of(new RecipientRefusal(
                            EmailAddress.of("cc@example.com"),
                            DeliveryAttempt.Result.PERMANENT_FAILURE,
                            "550 5.1.1 <cc@example.com>: no such user")),
                    Set.of(EmailAddress.of("cc@example.com"))));

            dispatcher.dispatchDue();

            EmailSend stored = storedVersionOf(send);
            assertThat(stored.status()).isEqualTo(EmailSendStatus.SENT);
            assertThat(stored.progress().lastReply()).isEqualTo("250 2.0.0 queued as 9B");
            assertThat(suppressions.find(ACME, EmailAddress.of("cc@example.com")))
                    .hasValueSatisfying(s -> {
                        assertThat(s.reason()).isEqualTo(SuppressionReason.HARD_BOUNCE);
                        assertThat(s.detail()).isEqualTo("550 5.1.1 <cc@example.com>: no such user");
                        assertThat(s.emailSendId()).isEqualTo(send.id());
                    });
            DeliveryAttempt attempt = sends.attempts(ACME, send.id()).get(0);
            assertThat(attempt.result()).isEqualTo(DeliveryAttempt.Result.ACCEPTED);
            assertThat(attempt.recipients())
                    .containsExactly(
                            new RecipientReply(
                                    EmailAddress.of("ada@example.com"),
                                    RecipientKind.TO,
                                    DeliveryAttempt.Result.ACCEPTED,
                                    "250 2.0.0 queued as 9B"),
                            new RecipientReply(
                                    EmailAddress.of("cc@example.com"),
                                    RecipientKind.CC,
                                    DeliveryAttempt.Result.PERMANENT_FAILURE,
                                    "550 5.1.1 <cc@example.com>: no such user"),
                            new RecipientReply(
                                    EmailAddress.of("archive@acme.com"),
                                    RecipientKind.BCC,
                                    DeliveryAttempt.Result.ACCEPTED,
                                    "250 2.0.0 queued as 9B"));
            assertThat(suppressions.find(ACME, EmailAddress.of("ada@example.com")))
                    .isEmpty();
        }

        @Test
        void the_to_recipient_refused_for_now_defers_the_send_and_a_copy_refused_for_good_is_withheld_next_time() {
            EmailSend send = queueWelcome();
            relay.willAnswer(new PermanentFailure(
                    "550 5.1.1 no such user",
                    Set.of(EmailAddress.of("cc@example.com")),
                    List.of(
                            new RecipientRefusal(
                                    EmailAddress.of("ada@example.com"),
                                    DeliveryAttempt.Result.TEMPORARY_FAILURE,
                                    "452 4.2.2 mailbox full"),
                            new RecipientRefusal(
                                    EmailAddress.of("cc@example.com"),
                                    DeliveryAttempt.Result.PERMANENT_FAILURE,
                                    "550 5.1.1 no such user"))));

            dispatcher.dispatchDue();

            assertThat(storedVersionOf(send).status()).isEqualTo(EmailSendStatus.QUEUED);
            assertThat(storedVersionOf(send).progress().lastReply()).isEqualTo("452 4.2.2 mailbox full");
            clock.advance(Duration.ofHours(1));
            dispatcher.dispatchDue();

            assertThat(storedVersionOf(send).status()).isEqualTo(EmailSendStatus.SENT);
            assertThat(relay.delivered().get(1).cc()).isEmpty();
            assertThat(storedVersionOf(send).withheld())
                    .extracting(WithheldRecipient::address)
                    .containsExactly(EmailAddress.of("cc@example.com"));
        }
    }

    @Nested
    class Failing {
        @Test
        void a_permanent_failure_fails_the_send_with_the_relay_reply() {
            EmailSend send = queueWelcome();
            relay.willAnswer(new PermanentFailure("550 5.1.1 <ada@example.com>: user unknown"));

            dispatcher.dispatchDue();

            EmailSend stored = storedVersionOf(send);
            assertThat(stored.status()).isEqualTo(EmailSendStatus.FAILED);
            assertThat(stored.progress().failureMessage()).isEqualTo("550 5.1.1 <ada@example.com>: user unknown");
            assertThat(stored.progress().lastReply()).isEqualTo("550 5.1.1 <ada@example.com>: user unknown");
            assertThat(stored.attempts()).isEqualTo(1);
            assertThat(sends.attempts(ACME, send.id()))
                    .singleElement()
                    .extracting(DeliveryAttempt::result)
                    .isEqualTo(DeliveryAttempt.Result.PERMANENT_FAILURE);
            clock.advance(Duration.ofDays(1));
            assertThat(dispatcher.dispatchDue()).isEqualTo(DispatchPass.NOTHING_DUE);
        }

        @Test
        void a_send_whose_template_cannot_be_rendered_fails_without_reaching_the_relay() {
            Template broken = Template.create(
                    ACME,
                    "Broken",
                    TemplateKind.TRANSACTIONAL,
                    new TemplateContent("Hi", "<p>${T(java.lang.Runtime).getRuntime()}</p>", null),
                    ACCEPTED_AT);
            templates.add(broken);
            EmailSend send = queue(broken, "{}", null, SendPriority.TRANSACTIONAL);

            dispatcher.dispatchDue();

            EmailSend stored = storedVersionOf(send);
            assertThat(stored.status()).isEqualTo(EmailSendStatus.FAILED);
            assertThat(stored.progress().failureMessage()).startsWith("template_render_failed:");
            assertThat(relay.delivered()).isEmpty();
        }

        @Test
        void a_send_whose_template_snapshot_is_gone_fails() {
            EmailSend send = queueWelcome();
            templates.forgetSnapshot(welcome.current().id());

            dispatcher.dispatchDue();

            EmailSend stored = storedVersionOf(send);
            assertThat(stored.status()).isEqualTo(EmailSendStatus.FAILED);
            assertThat(stored.progress().failureMessage())
                    .startsWith("template_render_failed:")
                    .contains(welcome.current().id());
            assertThat(relay.delivered()).isEmpty();
        }
    }

    @Nested
    class Leases {
        @Test
        void a_send_whose_worker_died_is_claimed_again_once_the_lease_runs_out() {
            EmailSend send = queueWelcome();
            transactions.inTransaction(
                    () -> sends.claimDue(clock.instant(), clock.instant().plus(SETTINGS.lease()), 10));

            clock.advance(SETTINGS.lease());
            assertThat(dispatcher.dispatchDue().claimed()).as("still leased").isZero();
            clock.advance(Duration.ofSeconds(1));
            assertThat(dispatcher.dispatchDue().claimed()).isEqualTo(1);

            EmailSend stored = storedVersionOf(send);
            assertThat(stored.status()).isEqualTo(EmailSendStatus.SENT);
            assertThat(stored.attempts()).isEqualTo(2);
        }

        @Test
        void a_send_whose_lease_ran_out_while_the_worker_was_busy_is_left_to_the_worker_that_holds_it() {
            queueWelcome();
            EmailSend waiting = queueWelcome();
            relay.willAnswerAfter(
                    () -> {
                        clock.advance(SETTINGS.lease().plusSeconds(1));
                        transactions.inTransaction(() ->
                                sends.claimDue(clock.instant(), clock.instant().plus(SETTINGS.lease()), 10));
                    },
                    new Accepted("250 ok"));

            dispatcher.dispatchDue();

            assertThat(relay.delivered())
                    .extracting(OutgoingEmail::messageId)
                    .doesNotContain(waiting.details().messageId());
        }

        @Test
        void a_send_whose_attempts_never_finish_is_failed_without_another_attempt() {
            EmailSend send = queueWelcome();
            for (int i = 0; i < MAX_ATTEMPTS; i++) {
                // A worker claims it and dies before recording anything; its lease runs out.
                transactions.inTransaction(
                        () -> sends.claimDue(clock.instant(), clock.instant().plus(SETTINGS.lease()), 10));
                clock.advance(SETTINGS.lease().plusSeconds(1));
            }

            dispatcher.dispatchDue();

            EmailSend stored = storedVersionOf(send);
            assertThat(stored.status()).isEqualTo(EmailSendStatus.FAILED);
            assertThat(stored.progress().failureMessage()).contains("did not finish");
            assertThat(relay.delivered()).isEmpty();
        }

        @Test
        void a_worker_that_lost_its_lease_does_not_overwrite_the_new_claim() {
            EmailSend send = queueWelcome();
            relay.willAnswerAfter(
                    () -> {
                        clock.advance(SETTINGS.lease().plusSeconds(1));
                        transactions.inTransaction(() ->
                                sends.claimDue(clock.instant(), clock.instant().plus(SETTINGS.lease()), 10));
                    },
                    new Accepted("250 ok, but too late"));

            dispatcher.dispatchDue();

            EmailSend stored = storedVersionOf(send);
            assertThat(stored.status()).isEqualTo(EmailSendStatus.PROCESSING);
            assertThat(stored.attempts()).isEqualTo(2);
            assertThat(stored.progress().lastReply()).isNull();
        }
    }

    @Nested
    class DatabaseOutage {
        @Test
        void a_result_the_database_could_not_take_is_recorded_when_it_returns_and_the_message_goes_out_once() {
            EmailSend send = queueWelcome();
            relay.willAnswerAfter(() -> transactions.databaseUnreachableFor(2), new Accepted("250 ok"));

            assertThat(dispatcher.dispatchDue().claimed())
                    .as("claimed and delivered; the result is held")
                    .isEqualTo(1);
            assertThat(storedVersionOf(send).status()).isEqualTo(EmailSendStatus.PROCESSING);
            assertThatThrownBy(dispatcher::dispatchDue)
                    .as("still unreachable")
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("1 delivery results wait");
            assertThat(dispatcher.dispatchDue().claimed())
                    .as("back: the held result is recorded, nothing more is due")
                    .isZero();

            EmailSend stored = storedVersionOf(send);
            assertThat(stored.status()).isEqualTo(EmailSendStatus.SENT);
            assertThat(stored.attempts()).isEqualTo(1);
            assertThat(stored.progress().lastReply()).isEqualTo("250 ok");
            assertThat(sends.attempts(ACME, send.id()))
                    .singleElement()
                    .extracting(DeliveryAttempt::result)
                    .isEqualTo(DeliveryAttempt.Result.ACCEPTED);
            assertThat(relay.delivered()).hasSize(1);
        }

        @Test
        void at_stop_the_held_results_are_recorded_if_the_database_answers_else_their_sends_are_named() {
            EmailSend recorded = queueWelcome();
            relay.willAnswerAfter(() -> transactions.databaseUnreachableFor(1), new Accepted("250 ok"));
            dispatcher.dispatchDue();

            assertThat(dispatcher.recordHeldResultsAtStop()).isEmpty();
            assertThat(storedVersionOf(recorded).status()).isEqualTo(EmailSendStatus.SENT);

            EmailSend dropped = queueWelcome();
            relay.willAnswerAfter(() -> transactions.databaseUnreachableFor(5), new Accepted("250 ok"));
            dispatcher.dispatchDue();

            assertThat(dispatcher.recordHeldResultsAtStop()).containsExactly(dropped.id());
            assertThat(dispatcher.recordHeldResultsAtStop()).as("said once").isEmpty();
        }

        @Test
        void an_outage_longer_than_the_lease_does_not_deliver_the_held_sends_again() {
            EmailSend send = queueWelcome();
            relay.willAnswerAfter(() -> transactions.databaseUnreachableFor(1), new Accepted("250 ok"));
            dispatcher.dispatchDue();

            // The lease runs out while the database is away; when it answers, the held result goes first.
            clock.advance(SETTINGS.lease().multipliedBy(3));
            dispatcher.dispatchDue();

            assertThat(relay.delivered()).hasSize(1);
            EmailSend stored = storedVersionOf(send);
            assertThat(stored.status()).isEqualTo(EmailSendStatus.SENT);
            assertThat(stored.attempts()).isEqualTo(1);
        }

        @Test
        void nothing_more_is_claimed_while_results_are_held() {
            queueWelcome();
            relay.willAnswerAfter(() -> transactions.databaseUnreachableFor(1), new Accepted("250 ok"));
            dispatcher.dispatchDue();
            EmailSend later = queueWelcome();
            transactions.databaseUnreachableFor(1);

            assertThatThrownBy(dispatcher::dispatchDue).isInstanceOf(StoreUnavailableException.class);
            assertThat(relay.delivered()).hasSize(1);
            assertThat(storedVersionOf(later).status()).isEqualTo(EmailSendStatus.QUEUED);

            assertThat(dispatcher.dispatchDue().claimed()).isEqualTo(1);
            assertThat(storedVersionOf(later).status()).isEqualTo(EmailSendStatus.SENT);
            assertThat(relay.delivered()).hasSize(2);
        }

        @Test
        void a_deferral_held_through_an_outage_still_wakes_a_worker_for_its_retry() {
            EmailSend send = queueWelcome();
            relay.willAnswerAfter(() -> transactions.databaseUnreachableFor(1), new TransientFailure("421 busy"));
            dispatcher.dispatchDue();
            assertThat(signal.retries()).isEmpty();

            dispatcher.dispatchDue();

            EmailSend stored = storedVersionOf(send);
            assertThat(stored.status()).isEqualTo(EmailSendStatus.QUEUED);
            assertThat(signal.retries()).containsExactly(stored.progress().nextAttemptAt());
        }

        @Test
        void a_result_whose_commit_took_unconfirmed_is_not_recorded_twice() {
            EmailSend send = queueWelcome();
            relay.willAnswerAfter(transactions::commitUnconfirmedOnce, new Accepted("250 ok"));
            dispatcher.dispatchDue();

            assertThat(dispatcher.dispatchDue()).isEqualTo(DispatchPass.NOTHING_DUE);

            assertThat(storedVersionOf(send).status()).isEqualTo(EmailSendStatus.SENT);
            assertThat(sends.attempts(ACME, send.id())).hasSize(1);
            assertThat(relay.delivered()).hasSize(1);
        }

        @Test
        void the_results_of_a_full_claim_are_held_when_the_next_claim_finds_the_database_away() {
            List<EmailSend> queued = new ArrayList<>();
            for (int i = 0; i < 2 * SETTINGS.claimBatchSize(); i++) {
                queued.add(queueWelcome());
            }
            for (int i = 1; i < SETTINGS.claimBatchSize(); i++) {
                relay.willAnswer(new Accepted("250 ok"));
            }
            relay.willAnswerAfter(() -> transactions.databaseUnreachableFor(1), new Accepted("250 ok"));

            assertThatThrownBy(dispatcher::dispatchDue).isInstanceOf(StoreUnavailableException.class);
            assertThat(relay.delivered()).hasSize(SETTINGS.claimBatchSize());

            assertThat(dispatcher.dispatchDue().claimed())
                    .as("the held results first, then the rest")
                    .isEqualTo(10);
            assertThat(relay.delivered()).hasSize(queued.size());
            assertThat(relay.delivered()).extracting(OutgoingEmail::messageId).doesNotHaveDuplicates();
            assertThat(queued).allSatisfy(send -> {
                assertThat(storedVersionOf(send).status()).isEqualTo(EmailSendStatus.SENT);
                assertThat(storedVersionOf(send).attempts()).isEqualTo(1);
            });
        }

        @Test
        void a_hard_bounce_held_through_an_outage_still_suppresses_the_address() {
            queueWelcome();
            relay.willAnswerAfter(
                    () -> transactions.databaseUnreachableFor(1),
                    new PermanentFailure("550 5.1.1 user unknown", Set.of(EmailAddress.of("ada@example.com"))));
            dispatcher.dispatchDue();
            assertThat(suppressions.find(ACME, EmailAddress.of("ada@example.com")))
                    .isEmpty();

            dispatcher.dispatchDue();

            assertThat(suppressions.find(ACME, EmailAddress.of("ada@example.com")))
                    .isPresent();
        }
    }
}
