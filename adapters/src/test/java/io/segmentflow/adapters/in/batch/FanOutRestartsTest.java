package io.segmentflow.adapters.in.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.adapters.shared.FanOutJob;
import io.segmentflow.domain.audience.CarrierRef;
import io.segmentflow.domain.audience.CarrierType;
import io.segmentflow.domain.workspace.WorkspaceId;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Which sending carriers the start-up starts a fan-out job for: those no job was ever started for. */
class FanOutRestartsTest {
    private static final WorkspaceId ACME = new WorkspaceId("ws_acme");
    private static final WorkspaceId GLOBEX = new WorkspaceId("ws_globex");
    private static final CarrierRef BROADCAST = new CarrierRef(ACME, CarrierType.BROADCAST, "bc_1");
    private static final CarrierRef ISSUE = new CarrierRef(ACME, CarrierType.NEWSLETTER_ISSUE, "ni_1");
    private static final CarrierRef NEVER_STARTED = new CarrierRef(ACME, CarrierType.BROADCAST, "bc_2");

    @Test
    void a_sending_carrier_with_no_job_is_started_and_one_with_a_job_is_left_to_its_restart() {
        List<Properties> jobs = List.of(FanOutJob.parameters(BROADCAST), FanOutJob.parameters(ISSUE));

        assertThat(FanOutRestarts.withoutJob(List.of(BROADCAST, NEVER_STARTED, ISSUE), jobs))
                .containsExactly(NEVER_STARTED);
    }

    @Test
    void a_job_counts_for_its_own_carrier_only_not_a_namesake_of_another_type_or_workspace() {
        CarrierRef issueNamedLikeTheBroadcast = new CarrierRef(ACME, CarrierType.NEWSLETTER_ISSUE, "bc_1");
        CarrierRef sameIdElsewhere = new CarrierRef(GLOBEX, CarrierType.BROADCAST, "bc_1");

        assertThat(FanOutRestarts.withoutJob(
                        List.of(issueNamedLikeTheBroadcast, sameIdElsewhere), List.of(FanOutJob.parameters(BROADCAST))))
                .containsExactly(issueNamedLikeTheBroadcast, sameIdElsewhere);
    }

    @Test
    void with_no_job_ever_run_every_sending_carrier_is_started_and_parameters_naming_no_carrier_count_for_none() {
        Properties foreign = new Properties();
        foreign.setProperty("importId", "imp_1");

        assertThat(FanOutRestarts.withoutJob(List.of(BROADCAST, ISSUE), List.of()))
                .containsExactly(BROADCAST, ISSUE);
        assertThat(FanOutRestarts.withoutJob(List.of(BROADCAST), List.of(foreign)))
                .containsExactly(BROADCAST);
    }
}
