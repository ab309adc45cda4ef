-- The claim reads queued sends only, and the lease sweep processing sends only: each index holds only those rows.
-- A send then enters the claim index once (when accepted) and the lease index once (when claimed), where the full
-- indexes took a new entry at each of its three writes (accepted, claimed, recorded) and kept every sent row.
CREATE INDEX email_sends_due ON email_sends (priority, next_attempt_at, id) WHERE status = 'queued';
CREATE INDEX email_sends_lease_running ON email_sends (lease_until) WHERE status = 'processing';
DROP INDEX email_sends_claim_order;
DROP INDEX email_sends_leased;
