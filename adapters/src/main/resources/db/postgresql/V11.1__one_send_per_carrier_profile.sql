-- Only the sends of a carrier are in the index (partial), so transactional sends pay nothing for it.
CREATE UNIQUE INDEX email_sends_one_per_carrier_profile ON email_sends (carrier_id, profile_id) WHERE carrier_id IS NOT NULL;
