-- H2 has no partial indexes: every send is in it, and the NULL carriers of other sends never collide.
CREATE UNIQUE INDEX email_sends_one_per_carrier_profile ON email_sends (carrier_id, profile_id);
