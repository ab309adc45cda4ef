package io.segmentflow.adapters.in.batch;

import io.segmentflow.adapters.shared.ProfileImportJob;
import io.segmentflow.application.profileimport.RunProfileImportUseCase;
import io.segmentflow.domain.profileimport.StagedRow;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Reads an import's staged rows in order, a block at a time. It starts where the import's own count says the last
 * committed chunk ended (committed with that chunk's Profiles), so a restart neither skips nor repeats a row, whatever
 * checkpoint the job repository kept.
 */
@Named("profileImportReader")
@Dependent
public class ProfileImportReader extends AbstractItemReader {
    /** Rows read from the database at once: one chunk's worth. */
    static final int READ_AHEAD = 1000;

    @Inject
    JobContext jobContext;

    @Inject
    RunProfileImportUseCase imports;

    private ProfileImportJob job;
    private final Deque<StagedRow> buffer = new ArrayDeque<>();
    private long next;

    @Override
    public void open(Serializable checkpoint) {
        job = ProfileImportJob.of(jobContext.getProperties());
        next = imports.begin(job.workspaceId(), job.importId());
    }

    @Override
    public Object readItem() {
        if (buffer.isEmpty()) {
            buffer.addAll(imports.rows(job.importId(), next, READ_AHEAD));
            if (buffer.isEmpty()) {
                return null;
            }
        }
        StagedRow row = buffer.poll();
        next = row.index() + 1;
        return row;
    }

    @Override
    public Serializable checkpointInfo() {
        return next;
    }
}
