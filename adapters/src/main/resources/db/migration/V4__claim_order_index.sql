-- The claim reads due sends in (priority, next_attempt_at, id) order: an index in exactly that order lets it
-- stop after the few rows it claims, where the old one made it sort every queued send on each claim (tens of
-- milliseconds and a sort spilled to disk with a backlog of thousands).
CREATE INDEX email_sends_claim_order ON email_sends (status, priority, next_attempt_at, id);
DROP INDEX email_sends_due;
