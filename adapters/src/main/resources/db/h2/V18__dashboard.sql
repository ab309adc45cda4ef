-- The plain twins of db/postgresql's V18 (H2 has no partial indexes): the dashboard's counts per minute, the backlog,
-- and sends by recipient.
CREATE INDEX email_sends_finished_per_minute ON email_sends (workspace_id, updated_at, status);
CREATE INDEX email_send_attempts_deferred ON email_send_attempts (finished_at);
CREATE INDEX email_sends_backlog ON email_sends (workspace_id, status, next_attempt_at);
CREATE INDEX email_sends_by_recipient ON email_sends (workspace_id, to_email, id);
