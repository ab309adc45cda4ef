-- The dashboard's backlog counts queued and processing sends per workspace. The claim and lease indexes already hold
-- exactly those rows, so they carry workspace_id (and the lease index next_attempt_at) and answer the count alone:
-- email_sends_backlog goes, and with it one index entry at each write of a send while it waits or runs.
CREATE INDEX email_sends_due_counted ON email_sends (priority, next_attempt_at, id) INCLUDE (workspace_id)
    WHERE status = 'queued';
CREATE INDEX email_sends_lease_counted ON email_sends (lease_until) INCLUDE (workspace_id, next_attempt_at)
    WHERE status = 'processing';
DROP INDEX email_sends_due;
DROP INDEX email_sends_lease_running;
DROP INDEX email_sends_backlog;
