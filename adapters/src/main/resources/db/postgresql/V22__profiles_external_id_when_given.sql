-- Most Profiles that emails.send and events.track make have an address and no external id. The unique index on
-- (workspace_id, external_id) took an entry for each of them all the same; holding only the Profiles that have an
-- external id, it keeps them unique at no cost to the others. Look-ups by external id (never null) still use it.
ALTER TABLE profiles DROP CONSTRAINT profiles_one_per_external_id;
CREATE UNIQUE INDEX profiles_one_per_external_id ON profiles (workspace_id, external_id) WHERE external_id IS NOT NULL;
