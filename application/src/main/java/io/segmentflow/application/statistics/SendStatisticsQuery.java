package io.segmentflow.application.statistics;

import io.segmentflow.domain.workspace.WorkspaceId;

/** The dashboard's overview of a workspace's sending: sends per minute by what happened to them, and the backlog. */
public interface SendStatisticsQuery {
    /** The windows the overview plots. */
    enum Window {
        LAST_HOUR(60),
        LAST_DAY(24 * 60);

        private final int minutes;

        Window(int minutes) {
            this.minutes = minutes;
        }

        public int minutes() {
            return minutes;
        }
    }

    SendsPerMinute perMinute(WorkspaceId workspaceId, Window window);

    Backlog backlog(WorkspaceId workspaceId);
}
