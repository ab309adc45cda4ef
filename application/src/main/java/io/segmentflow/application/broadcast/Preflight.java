package io.segmentflow.application.broadcast;

import io.segmentflow.domain.audience.AudienceCounts;
import io.segmentflow.domain.email.Mailbox;
import java.util.List;

/**
 * What an audience send would do if it went now: its audience counted by eligibility, whether its sender is ready,
 * and what a person should know before confirming it.
 *
 * @param sender the sender it would go out from
 */
public record Preflight(AudienceCounts counts, Mailbox sender, boolean senderReady, List<String> warnings) {
    public Preflight {
        warnings = List.copyOf(warnings);
    }
}
