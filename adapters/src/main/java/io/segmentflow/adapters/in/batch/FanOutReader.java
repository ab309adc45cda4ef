package io.segmentflow.adapters.in.batch;

import io.segmentflow.application.fanout.FanOutUseCase;
import io.segmentflow.application.fanout.ProfileRange;
import io.segmentflow.domain.audience.AudienceMember;
import io.segmentflow.domain.audience.FanOutPlan;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Reads one partition's members in keyset pages (Profile id order). Its checkpoint is the id of the last member
 * handed to the writer, so a restart reads on after it; a member read again (its chunk was read but not committed)
 * is written once all the same.
 */
@Named("fanOutReader")
@Dependent
public class FanOutReader extends AbstractItemReader {
    @Inject
    JobContext job;

    @Inject
    FanOutUseCase fanOut;

    @Inject
    @BatchProperty(name = FanOutPartitionMapper.FROM)
    String from;

    @Inject
    @BatchProperty(name = FanOutPartitionMapper.TO)
    String to;

    @Inject
    @BatchProperty
    String pageSize;

    private FanOutPlan plan;
    private ProfileRange range;
    private int limit;
    private String after;
    private final Deque<AudienceMember> page = new ArrayDeque<>();
    private boolean lastPageRead;

    @Override
    public void open(Serializable checkpoint) {
        // A carrier no longer sending (it was finished or failed meanwhile) has nothing left to read.
        plan = fanOut.planOf(JobCarrier.of(job)).orElse(null);
        range = new ProfileRange(JobCarrier.bound(from), JobCarrier.bound(to));
        limit = Integer.parseInt(pageSize);
        after = (String) checkpoint;
        lastPageRead = plan == null;
    }

    @Override
    public Object readItem() {
        if (page.isEmpty() && !lastPageRead) {
            List<AudienceMember> next = fanOut.members(plan, range, after, limit);
            page.addAll(next);
            lastPageRead = next.size() < limit;
        }
        AudienceMember member = page.poll();
        if (member != null) {
            after = member.profileId();
        }
        return member;
    }

    @Override
    public Serializable checkpointInfo() {
        return after;
    }
}
