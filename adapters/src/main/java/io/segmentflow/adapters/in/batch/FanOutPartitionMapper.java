package io.segmentflow.adapters.in.batch;

import io.segmentflow.application.fanout.FanOutUseCase;
import io.segmentflow.application.fanout.ProfileRange;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.partition.PartitionMapper;
import jakarta.batch.api.partition.PartitionPlan;
import jakarta.batch.api.partition.PartitionPlanImpl;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.Properties;

/**
 * Splits the audience into ranges of Profile ids, one partition each. A restart gets the same ranges (the use case
 * keeps them), so each partition resumes from its own checkpoint within its own range.
 */
@Named("fanOutPartitionMapper")
@Dependent
public class FanOutPartitionMapper implements PartitionMapper {
    static final String FROM = "fromProfileId";
    static final String TO = "toProfileId";

    @Inject
    JobContext job;

    @Inject
    FanOutUseCase fanOut;

    @Inject
    @BatchProperty
    String partitions;

    @Override
    public PartitionPlan mapPartitions() {
        int wanted = Math.max(1, Integer.parseInt(partitions));
        List<ProfileRange> ranges = fanOut.partitions(JobCarrier.of(job), wanted);
        Properties[] each = new Properties[ranges.size()];
        for (int i = 0; i < ranges.size(); i++) {
            each[i] = new Properties();
            each[i].setProperty(FROM, nullAsEmpty(ranges.get(i).fromProfileId()));
            each[i].setProperty(TO, nullAsEmpty(ranges.get(i).toProfileId()));
        }
        PartitionPlanImpl plan = new PartitionPlanImpl();
        plan.setPartitions(ranges.size());
        plan.setThreads(Math.min(ranges.size(), wanted));
        plan.setPartitionProperties(each);
        plan.setPartitionsOverride(false);
        return plan;
    }

    private static String nullAsEmpty(String bound) {
        return bound == null ? "" : bound;
    }
}
