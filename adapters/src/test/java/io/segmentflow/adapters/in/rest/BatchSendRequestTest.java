package io.segmentflow.adapters.in.rest;

import static io.segmentflow.adapters.in.rest.SendEmailRequestTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.segmentflow.application.email.BatchItem;
import io.segmentflow.application.email.SendBatchCommand;
import io.segmentflow.application.email.SendEmailCommand;
import io.segmentflow.application.error.FieldError;
import io.segmentflow.application.error.ValidationFailedException;
import io.segmentflow.domain.email.EmailAddress;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchSendRequestTest {
    private static final WorkspaceId WORKSPACE = new WorkspaceId("ws_1");

    private static List<BatchItem> items(String body) {
        return BatchSendRequest.parse(WORKSPACE, json(body)).items();
    }

    private static SendEmailCommand send(BatchItem item) {
        assertThat(item).isInstanceOf(BatchItem.Send.class);
        return ((BatchItem.Send) item).command();
    }

    private static List<FieldError> refusal(String body) {
        return catchThrowableOfType(
                        ValidationFailedException.class, () -> BatchSendRequest.parse(WORKSPACE, json(body)))
                .fieldErrors();
    }

    private static String itemsOf(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> "{\"idempotencyKey\": \"k" + i + "\", \"to\": {\"email\": \"r" + i + "@example.test\"}}")
                .collect(Collectors.joining(",", "[", "]"));
    }

    @Test
    void the_defaults_fill_what_an_item_leaves_out_and_an_item_s_own_field_wins() {
        List<BatchItem> items = items("""
                {"defaults": {"templateId": "tpl_1", "subject": "Default", "from": "news@acme.test"},
                 "items": [{"idempotencyKey": "k1", "to": {"email": "ada@example.test"}},
                           {"idempotencyKey": "k2", "to": {"email": "bob@example.test"}, "subject": "Own", "templateId": "tpl_2"},
                           {"idempotencyKey": "k3", "to": {"email": "cy@example.test"}, "subject": null}]}""");

        assertThat(send(items.get(0)).templateId()).isEqualTo("tpl_1");
        assertThat(send(items.get(0)).subject()).isEqualTo("Default");
        assertThat(send(items.get(0)).idempotencyKey().value()).isEqualTo("k1");
        assertThat(send(items.get(1)).templateId()).isEqualTo("tpl_2");
        assertThat(send(items.get(1)).subject()).isEqualTo("Own");
        assertThat(send(items.get(2)).subject()).as("null leaves the default").isEqualTo("Default");
        assertThat(send(items.get(2)).from().toString()).contains("news@acme.test");
    }

    @Test
    void a_subscription_group_in_the_defaults_goes_to_every_item_that_names_none() {
        List<BatchItem> items = items("""
                {"defaults": {"templateId": "tpl_1", "subscriptionGroupId": "sg_news"},
                 "items": [{"idempotencyKey": "k1", "to": {"email": "ada@example.test"}},
                           {"idempotencyKey": "k2", "to": {"email": "bob@example.test"}, "subscriptionGroupId": "sg_tips"}]}""");

        assertThat(send(items.get(0)).subscriptionGroupId()).isEqualTo("sg_news");
        assertThat(send(items.get(1)).subscriptionGroupId()).isEqualTo("sg_tips");
    }

    @Test
    void an_item_s_cc_and_bcc_may_each_be_one_string_or_an_array() {
        SendEmailCommand command = send(items("""
                {"items": [{"idempotencyKey": "k1", "templateId": "t", "to": {"email": "ada@example.test"},
                            "cc": "cy@example.test", "bcc": ["dan@example.test", "eve@example.test"]}]}""").get(0));

        assertThat(command.cc()).containsExactly(EmailAddress.of("cy@example.test"));
        assertThat(command.bcc())
                .containsExactly(EmailAddress.of("dan@example.test"), EmailAddress.of("eve@example.test"));
    }

    @Test
    void an_item_has_the_fingerprint_of_the_emails_send_body_it_stands_for() {
        String sendBody =
                "{\"templateId\": \"tpl_1\", \"to\": {\"email\": \"ada@example.test\"}, \"data\": {\"n\": 1}}";
        SendEmailCommand item = send(items("""
                {"defaults": {"templateId": "tpl_1"},
                 "items": [{"to": {"email": "ada@example.test"}, "data": {"n": 1}, "idempotencyKey": "k1"}]}""").get(0));

        assertThat(item.fingerprint())
                .isEqualTo(
                        SendEmailRequest.parse(WORKSPACE, "k1", json(sendBody)).fingerprint());
    }

    @Test
    void a_malformed_item_is_refused_alone_with_its_key_and_its_field_errors() {
        List<BatchItem> items = items("""
                {"defaults": {"templateId": "tpl_1"},
                 "items": [{"idempotencyKey": "k1", "to": {"email": "ada@example.test"}},
                           {"idempotencyKey": "k2", "to": {"email": "nope"}, "cc": [3], "extra": 1},
                           {"to": {"email": "bob@example.test"}},
                           {"idempotencyKey": 7, "to": {"email": "bob@example.test"}},
                           "not an object"]}""");

        assertThat(items.get(0)).isInstanceOf(BatchItem.Send.class);
        BatchItem.Malformed second = (BatchItem.Malformed) items.get(1);
        assertThat(second.idempotencyKey()).isEqualTo("k2");
        assertThat(second.refusal().fieldErrors())
                .extracting(FieldError::field)
                .containsExactlyInAnyOrder("extra", "to.email", "cc[0]");
        assertThat(((BatchItem.Malformed) items.get(2)).refusal().fieldErrors())
                .containsExactly(new FieldError("idempotencyKey", "is required (1-255 printable ASCII characters)"));
        assertThat(((BatchItem.Malformed) items.get(3)).refusal().fieldErrors())
                .containsExactly(new FieldError("idempotencyKey", "must be a string"));
        BatchItem.Malformed last = (BatchItem.Malformed) items.get(4);
        assertThat(last.idempotencyKey()).isNull();
        assertThat(last.refusal().fieldErrors()).containsExactly(new FieldError("item", "must be an object"));
    }

    @Test
    void defaults_that_name_a_recipient_or_an_unknown_field_refuse_the_whole_request() {
        assertThat(refusal("""
                {"defaults": {"to": {"email": "ada@example.test"}, "cc": "x@example.test", "colour": "red"},
                 "items": [{"idempotencyKey": "k1"}], "extra": true}"""))
                .containsExactlyInAnyOrder(
                        new FieldError("extra", "is not a known field"),
                        new FieldError("defaults.to", "belongs to each item, not to the defaults"),
                        new FieldError("defaults.cc", "belongs to each item, not to the defaults"),
                        new FieldError("defaults.colour", "is not a known field"));
        assertThat(refusal("{\"defaults\": [], \"items\": " + itemsOf(1) + "}"))
                .containsExactly(new FieldError("defaults", "must be an object"));
    }

    @Test
    void the_items_are_required_as_an_array_of_one_to_a_hundred() {
        assertThat(refusal("{}")).containsExactly(new FieldError("items", "is required"));
        assertThat(refusal("{\"items\": {}}")).containsExactly(new FieldError("items", "must be an array"));
        assertThat(refusal("{\"items\": []}")).containsExactly(new FieldError("items", "must hold 1-100 items, not 0"));
        assertThat(refusal("{\"items\": " + itemsOf(101) + "}"))
                .containsExactly(new FieldError("items", "must hold 1-100 items, not 101"));
        assertThat(BatchSendRequest.parse(
                                WORKSPACE,
                                json("{\"defaults\": {\"templateId\": \"t\"}, \"items\": "
                                        + itemsOf(SendBatchCommand.MAX_ITEMS) + "}"))
                        .items())
                .hasSize(100)
                .allSatisfy(item -> assertThat(item).isInstanceOf(BatchItem.Send.class));
    }
}
