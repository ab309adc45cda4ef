-- A Profile is known by email, by the caller's own id for the person (external_id), or both; each names at most
-- one Profile of a workspace. Properties become a JSON column (jsonb on PostgreSQL, so that they can be indexed
-- and queried; ${json_type} is VARCHAR on the embedded database).

-- Until now an external id was recorded on whichever Profile first got it: where two Profiles of a workspace share
-- one, the older keeps it (their sends keep theirs in email_sends.to_external_id).
UPDATE profiles SET external_id = NULL
 WHERE external_id IS NOT NULL
   AND EXISTS (SELECT 1 FROM profiles o
                WHERE o.workspace_id = profiles.workspace_id
                  AND o.external_id = profiles.external_id
                  AND o.id < profiles.id);
ALTER TABLE profiles ADD CONSTRAINT profiles_one_per_external_id UNIQUE (workspace_id, external_id);

ALTER TABLE profiles ALTER COLUMN email DROP NOT NULL;
ALTER TABLE profiles ADD CONSTRAINT profiles_identified CHECK (email IS NOT NULL OR external_id IS NOT NULL);

ALTER TABLE profiles ALTER COLUMN properties SET DATA TYPE ${json_type} USING CAST(properties AS ${json_type});

-- The cursor-paged list of a workspace's Profiles, in id order.
CREATE INDEX profiles_by_workspace ON profiles (workspace_id, id);

-- Keys made with every scope there was (the bootstrap key, each workspace's first key) get the two new ones, as
-- V2 did for the suppression list.
UPDATE api_keys SET scopes = scopes || ' profiles:read profiles:write'
 WHERE scopes LIKE '%api_keys:write%'
   AND scopes LIKE '%broadcasts:cancel%'
   AND scopes LIKE '%broadcasts:create%'
   AND scopes LIKE '%broadcasts:prepare%'
   AND scopes LIKE '%broadcasts:read%'
   AND scopes LIKE '%emails:read%'
   AND scopes LIKE '%emails:write%'
   AND scopes LIKE '%events:write%'
   AND scopes LIKE '%journeys:read%'
   AND scopes LIKE '%journeys:trigger%'
   AND scopes LIKE '%segments:read%'
   AND scopes LIKE '%suppressions:read%'
   AND scopes LIKE '%suppressions:write%'
   AND scopes LIKE '%templates:read%'
   AND scopes LIKE '%templates:write%'
   AND scopes NOT LIKE '%profiles:%';
