package io.segmentflow.it;

import static io.segmentflow.it.Client.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.it.client.ApiException;
import io.segmentflow.it.client.ApiResponse;
import io.segmentflow.it.client.model.EmailSend;
import io.segmentflow.it.client.model.SendEmailRequest;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Single sends that arrive together are accepted together, in one transaction: each still gets its own answer,
 * the answer its key keeps, and its own refusal when it is the bad one of the group.
 */
class ConcurrentSendsIT {
    private static final Client api = Client.withBootstrapKey();
    private static final int CALLERS = 16;
    private static final ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
    private static String templateId;

    @BeforeAll
    static void template() {
        templateId = api.createTemplate("Your code [[${data.code}]]", "<p>Code [[${data.code}]]</p>", null);
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
    }

    private static SendEmailRequest code(String recipient, String code) {
        return new SendEmailRequest()
                .templateId(templateId)
                .to(Client.to(recipient))
                .data(Map.of("code", code));
    }

    /** Runs the calls at the same moment, each on its own thread, and returns what each got, in order. */
    private static <T> List<T> together(List<Callable<T>> calls) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> answers = new ArrayList<>();
        for (Callable<T> call : calls) {
            answers.add(pool.submit(() -> {
                start.await();
                return call.call();
            }));
        }
        start.countDown();
        List<T> done = new ArrayList<>();
        for (Future<T> answer : answers) {
            done.add(answer.get());
        }
        return done;
    }

    /** What a call through the generated client got: the accepted send, or the refusal. */
    private record Answer(ApiResponse<EmailSend> accepted, Client.Refusal refused) {
        static Callable<Answer> of(String key, SendEmailRequest body) {
            return () -> {
                try {
                    return new Answer(api.emails.emailsSendWithHttpInfo(key, body), null);
                } catch (ApiException e) {
                    return new Answer(null, Client.Refusal.of(e));
                }
            };
        }

        @Override
        public String toString() {
            return accepted != null ? accepted.getStatusCode() + " " + accepted.getData() : refused.toString();
        }
    }

    @Test
    void concurrent_sends_each_get_their_own_send_which_is_stored_and_kept_with_its_key() throws Exception {
        List<String> keys = new ArrayList<>();
        List<Callable<Answer>> calls = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            String key = Api.newIdempotencyKey();
            keys.add(key);
            calls.add(Answer.of(key, code(Api.newRecipient(), "c" + i)));
        }

        List<Answer> answers = together(calls);

        Set<String> ids = new HashSet<>();
        for (int i = 0; i < CALLERS; i++) {
            Answer answer = answers.get(i);
            assertThat(answer.accepted()).as(answer.toString()).isNotNull();
            assertThat(answer.accepted().getStatusCode()).isEqualTo(202);
            assertThat(Client.header(answer.accepted(), "Idempotency-Replayed")).isEmpty();
            String id = answer.accepted().getData().getId();
            ids.add(id);
            assertThat(call(() -> api.emails.emailsGet(id)).getId()).isEqualTo(id);
            String key = keys.get(i);
            SendEmailRequest same = code(answer.accepted().getData().getTo().getEmail(), "c" + i);
            ApiResponse<EmailSend> retry = call(() -> api.emails.emailsSendWithHttpInfo(key, same));
            assertThat(retry.getData().getId())
                    .as("the key keeps its own send's answer")
                    .isEqualTo(id);
            assertThat(Client.header(retry, "Idempotency-Replayed")).hasValue("true");
        }
        assertThat(ids).hasSize(CALLERS);
    }

    @Test
    void the_same_request_sent_many_times_at_once_is_accepted_once_and_replayed_byte_for_byte() throws Exception {
        String key = Api.newIdempotencyKey();
        JsonObject body = Json.createObjectBuilder()
                .add("templateId", templateId)
                .add("to", Json.createObjectBuilder().add("email", Api.newRecipient()))
                .add("data", Json.createObjectBuilder().add("code", "424242"))
                .build();
        List<Callable<Api.Reply>> calls = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            // Other sends in the same moment, so the duplicates meet them in the groups.
            calls.add(
                    i % 2 == 0
                            ? () -> api.raw().sendEmail(key, body)
                            : () -> api.raw()
                                    .sendEmail(
                                            Api.newIdempotencyKey(),
                                            Json.createObjectBuilder(body)
                                                    .add(
                                                            "to",
                                                            Json.createObjectBuilder()
                                                                    .add("email", Api.newRecipient()))
                                                    .build()));
        }

        List<Api.Reply> replies = together(calls);

        List<Api.Reply> duplicates = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            assertThat(replies.get(i).status()).as(replies.get(i).toString()).isEqualTo(202);
            if (i % 2 == 0) {
                duplicates.add(replies.get(i));
            }
        }
        List<Api.Reply> firsts = duplicates.stream()
                .filter(r -> r.header("Idempotency-Replayed").isEmpty())
                .toList();
        assertThat(firsts).as("accepted once, every other one a replay").hasSize(1);
        for (Api.Reply replay : duplicates) {
            assertThat(replay.raw().body()).isEqualTo(firsts.get(0).raw().body());
        }
    }

    @Test
    void a_bad_request_among_good_ones_is_refused_alone_and_uses_up_no_key() throws Exception {
        String reusedKey = Api.newIdempotencyKey();
        call(() -> api.emails.emailsSend(reusedKey, code(Api.newRecipient(), "first")));
        String unknownTemplateKey = Api.newIdempotencyKey();
        List<Callable<Answer>> calls = new ArrayList<>();
        for (int i = 0; i < CALLERS - 3; i++) {
            calls.add(Answer.of(Api.newIdempotencyKey(), code(Api.newRecipient(), "g" + i)));
        }
        calls.add(Answer.of(
                unknownTemplateKey, code(Api.newRecipient(), "x").templateId("tpl_00000000000000000000000000")));
        calls.add(
                Answer.of(Api.newIdempotencyKey(), code(Api.newRecipient(), "x").to(Client.to("not-an-address"))));
        calls.add(Answer.of(reusedKey, code(Api.newRecipient(), "a different request")));

        List<Answer> answers = together(calls);

        for (Answer good : answers.subList(0, CALLERS - 3)) {
            assertThat(good.accepted()).as(good.toString()).isNotNull();
            String id = good.accepted().getData().getId();
            assertThat(call(() -> api.emails.emailsGet(id)).getId()).isEqualTo(id);
        }
        Client.Refusal unknownTemplate = answers.get(CALLERS - 3).refused();
        assertThat(unknownTemplate.status()).as(unknownTemplate.toString()).isEqualTo(404);
        assertThat(unknownTemplate.error()).isEqualTo("not_found");
        Client.Refusal invalid = answers.get(CALLERS - 2).refused();
        assertThat(invalid.status()).as(invalid.toString()).isEqualTo(422);
        assertThat(invalid.error()).isEqualTo("validation_failed");
        assertThat(invalid.errorFields()).contains("to.email");
        Client.Refusal reuse = answers.get(CALLERS - 1).refused();
        assertThat(reuse.status()).as(reuse.toString()).isEqualTo(422);
        assertThat(reuse.error()).isEqualTo("idempotency_key_reuse");

        ApiResponse<EmailSend> later = call(
                () -> api.emails.emailsSendWithHttpInfo(unknownTemplateKey, code(Api.newRecipient(), "now valid")));
        assertThat(later.getStatusCode()).isEqualTo(202);
        assertThat(Client.header(later, "Idempotency-Replayed"))
                .as("nothing was stored for the refused request")
                .isEmpty();
    }
}
