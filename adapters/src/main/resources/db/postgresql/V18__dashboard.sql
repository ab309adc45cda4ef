-- The dashboard's overview counts sends per minute over the last hour and day, and the backlog; the sends page finds
-- a workspace's sends by recipient. Each index holds only the rows its question is about where it can (partial), so
-- delivery's inserts and updates pay little for it. Acceptances need none: sends' ids are time-ordered, and
-- email_sends_by_workspace (workspace_id, id) reads a window of them.
CREATE INDEX email_sends_finished_per_minute ON email_sends (workspace_id, updated_at, status)
    WHERE status IN ('sent', 'failed', 'skipped');
CREATE INDEX email_send_attempts_deferred ON email_send_attempts (finished_at)
    WHERE result = 'temporary_failure';
CREATE INDEX email_sends_backlog ON email_sends (workspace_id, status, next_attempt_at)
    WHERE status IN ('queued', 'processing');
CREATE INDEX email_sends_by_recipient ON email_sends (workspace_id, to_email, id);
