-- A send can go out under a subscription group (its List-Unsubscribe link names it), and an audience send belongs to
-- the Broadcast or NewsletterIssue that carries it.
ALTER TABLE email_sends ADD COLUMN subscription_group_id VARCHAR(40);
ALTER TABLE email_sends ADD COLUMN carrier_type VARCHAR(20);
ALTER TABLE email_sends ADD COLUMN carrier_id VARCHAR(40);

-- One send per carrier and Profile (a restarted fan-out writes no duplicates; it inserts with ON CONFLICT DO NOTHING):
-- the index is each database's own, V11.1 under db/postgresql and db/h2.
