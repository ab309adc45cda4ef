package io.segmentflow.adapters.shared;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.domain.condition.Condition;
import io.segmentflow.domain.condition.FieldValues;
import io.segmentflow.domain.journey.JourneyGraph;
import io.segmentflow.domain.journey.JourneyStep;
import io.segmentflow.domain.journey.JourneyTrigger;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JourneyJsonTest {
    private final List<String> problems = new ArrayList<>();
    private final JourneyJson.Problems report = (field, message) -> problems.add(field + ": " + message);

    private static JsonValue json(String text) {
        return Json.createReader(new StringReader(text.replace('\'', '"'))).readValue();
    }

    private static final String STEPS = """
            [{'id':'thanks','type':'send_email','templateId':'tpl_a','from':'Shop <shop@acme.test>','subject':'Thanks','next':'paid'},
             {'id':'paid','type':'wait_until','event':'order.paid','filter':{'field':'event.total','op':'greater_than','value':10},
              'timeout':'P3D','next':'big','timeoutNext':'remind'},
             {'id':'big','type':'branch','condition':{'all':[{'field':'profile.plan','op':'in','values':['pro','team']},
              {'not':{'field':'profile.vip','op':'exists'}}]},'then':'tag','else':'done'},
             {'id':'tag','type':'update_profile','properties':{'vip':true,'trial':null},'next':'pause'},
             {'id':'pause','type':'wait','duration':'PT12H','next':'done'},
             {'id':'remind','type':'send_email','templateId':'tpl_b'},
             {'id':'done','type':'exit'}]""";

    @Test
    void a_definition_reads_and_writes_back_the_same() {
        JourneyGraph graph = JourneyJson.graph(null, json(STEPS), "steps", report);
        assertThat(problems).isEmpty();
        assertThat(graph.start()).isEqualTo("thanks");
        assertThat(graph.problems()).isEmpty();
        assertThat(graph.step("tag").orElseThrow())
                .isEqualTo(new JourneyStep.UpdateProfile("tag", "{\"vip\":true,\"trial\":null}", "pause"));

        JsonValue written = JourneyJson.writeSteps(graph);
        assertThat(JourneyJson.graph(null, written, "steps", report)).isEqualTo(graph);
        assertThat(written).isEqualTo(json(STEPS));
    }

    @Test
    void a_trigger_with_a_filter_reads_and_writes_back_the_same() {
        JsonValue text = json(
                "{'type':'event','event':'order.created','filter':{'any':[{'field':'event.total','op':'less_than','value':5},{'field':'event.coupon','op':'equals','value':'FREE'}]}}");
        JourneyTrigger trigger = JourneyJson.trigger(text, "trigger", report);
        assertThat(problems).isEmpty();
        assertThat(JourneyJson.write(trigger)).isEqualTo(text);
        Condition filter = ((JourneyTrigger.OnEvent) trigger).filter().orElseThrow();
        assertThat(filter.holdsFor(new FieldValues(Map.of(), Map.of("total", new BigDecimal("3")))))
                .isTrue();
        assertThat(JourneyJson.trigger(json("{'type':'api'}"), "trigger", report))
                .isEqualTo(new JourneyTrigger.OnApiCall());
    }

    @Test
    void every_mistake_is_reported_under_its_path_in_one_round() {
        JsonValue bad = json("""
                [{'id':'a','type':'send_email','templateId':'tpl_a','subject':'Hi\\r\\nBcc: x@evil.test'},
                 {'id':'b','type':'wait','duration':'tomorrow'},
                 {'id':'c','type':'branch','condition':{'field':'data.x','op':'equals','value':1}},
                 {'id':'d','type':'teleport'},
                 {'id':'e','type':'wait_until','event':'bad event','timeout':'PT1S','surprise':1},
                 {'id':'f','type':'branch','condition':{'field':'profile.n','op':'greater_than','value':'soon'}}]""");
        assertThat(JourneyJson.graph(null, bad, "steps", report)).isNull();
        assertThat(problems)
                .anySatisfy(p -> assertThat(p).startsWith("steps[0].subject: ").contains("control characters"))
                .anySatisfy(p -> assertThat(p).startsWith("steps[1].duration: ").contains("ISO-8601"))
                .anySatisfy(p -> assertThat(p).startsWith("steps[2].condition.field.field: "))
                .anySatisfy(p -> assertThat(p).startsWith("steps[3].type: "))
                .anySatisfy(p -> assertThat(p).startsWith("steps[4].event.event: "))
                .anySatisfy(p -> assertThat(p).startsWith("steps[4].surprise: is not a known field"))
                .anySatisfy(p -> assertThat(p).startsWith("steps[5].condition.value"));
    }

    @Test
    void deep_nesting_is_refused_before_it_is_read_far() {
        String deep = "{'field':'profile.a','op':'exists'}";
        for (int i = 0; i < 50; i++) {
            deep = "{'not':" + deep + "}";
        }
        JsonObject nested =
                Json.createReader(new StringReader(deep.replace('\'', '"'))).readObject();
        assertThat(JourneyJson.condition(nested, "filter", report, 1)).isNull();
        assertThat(problems).singleElement().asString().contains("nests more than");
    }
}
