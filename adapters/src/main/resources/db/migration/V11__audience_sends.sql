-- A send can go out under a subscription group (its List-Unsubscribe link names it), and an audience send belongs to
-- the Broadcast or NewsletterIssue that carries it.
ALTER TABLE email_sends ADD COLUMN subscription_group_id VARCHAR(40);
ALTER TABLE email_sends ADD COLUMN carrier_type VARCHAR(20);
ALTER TABLE email_sends ADD COLUMN carrier_id VARCHAR(40);

-- One send per carrier and Profile: a restarted fan-out writes no duplicates (it inserts with ON CONFLICT DO NOTHING).
-- On PostgreSQL only the sends of a carrier are in the index, so transactional sends pay nothing for it; H2 has no
-- partial indexes, and there the NULL carriers of other sends never collide.
${postgresql_only}CREATE UNIQUE INDEX email_sends_one_per_carrier_profile ON email_sends (carrier_id, profile_id) WHERE carrier_id IS NOT NULL;
${h2_only}CREATE UNIQUE INDEX email_sends_one_per_carrier_profile ON email_sends (carrier_id, profile_id);
