-- A send can go out under a subscription group (its List-Unsubscribe link names it), and an audience send belongs to
-- the Broadcast or NewsletterIssue that carries it. One send per carrier and Profile: a restarted fan-out writes no
-- duplicates (NULLs never collide, so sends without a carrier are not constrained).
ALTER TABLE email_sends ADD COLUMN subscription_group_id VARCHAR(40);
ALTER TABLE email_sends ADD COLUMN carrier_type VARCHAR(20);
ALTER TABLE email_sends ADD COLUMN carrier_id VARCHAR(40);
CREATE UNIQUE INDEX email_sends_one_per_carrier_profile ON email_sends (carrier_id, profile_id);
