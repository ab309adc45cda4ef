-- Audiences: subscription groups (topics) and each Profile's consent to them, segments of Profiles by a condition
-- on their properties, and the secret that signs unsubscribe links.

-- A group is opt-in (only Profiles that subscribed get its emails) or opt-out (everyone who did not unsubscribe).
-- Deleted groups stay as rows (deleted_at), so the unsubscribe links of emails already sent still resolve.
CREATE TABLE subscription_groups (
    id           VARCHAR(40)   PRIMARY KEY,
    workspace_id VARCHAR(40)   NOT NULL REFERENCES workspaces (id),
    name         VARCHAR(200)  NOT NULL,
    description  VARCHAR(1000),
    opt_in       BOOLEAN       NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    deleted_at   TIMESTAMP WITH TIME ZONE
);
CREATE INDEX subscription_groups_by_workspace ON subscription_groups (workspace_id, id);

-- A Profile's consent per group; no row is 'never'. Erasing a Profile erases its consents.
CREATE TABLE profile_consents (
    profile_id            VARCHAR(40)  NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    subscription_group_id VARCHAR(40)  NOT NULL REFERENCES subscription_groups (id),
    workspace_id          VARCHAR(40)  NOT NULL,
    status                VARCHAR(20)  NOT NULL,
    source                VARCHAR(40)  NOT NULL,
    changed_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (profile_id, subscription_group_id)
);
-- The audience of a group (a Newsletter's subscribers) in Profile order.
CREATE INDEX profile_consents_by_group ON profile_consents (subscription_group_id, status, profile_id);

-- A segment's condition is kept in the API's JSON form (as Journey filters are); deleted segments stay as rows, so
-- a Broadcast that named one can still say which.
CREATE TABLE segments (
    id           VARCHAR(40)  PRIMARY KEY,
    workspace_id VARCHAR(40)  NOT NULL REFERENCES workspaces (id),
    name         VARCHAR(200) NOT NULL,
    definition   VARCHAR      NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    deleted_at   TIMESTAMP WITH TIME ZONE
);
CREATE INDEX segments_by_workspace ON segments (workspace_id, id);

-- Secrets the server made itself when no setting gave one (the key that signs unsubscribe links), made once.
CREATE TABLE server_secrets (
    name       VARCHAR(40)  PRIMARY KEY,
    secret     VARCHAR(200) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Keys made with every scope there was (the bootstrap key, each workspace's first key) get the audience scopes,
-- as V2, V7 and V10 did for theirs.
UPDATE api_keys SET scopes = scopes || ' segments:write subscription_groups:read subscription_groups:write'
 WHERE scopes LIKE '%api_keys:write%'
   AND scopes LIKE '%broadcasts:cancel%'
   AND scopes LIKE '%broadcasts:create%'
   AND scopes LIKE '%broadcasts:prepare%'
   AND scopes LIKE '%broadcasts:read%'
   AND scopes LIKE '%emails:read%'
   AND scopes LIKE '%emails:write%'
   AND scopes LIKE '%events:read%'
   AND scopes LIKE '%events:write%'
   AND scopes LIKE '%journeys:read%'
   AND scopes LIKE '%journeys:trigger%'
   AND scopes LIKE '%journeys:write%'
   AND scopes LIKE '%profiles:read%'
   AND scopes LIKE '%profiles:write%'
   AND scopes LIKE '%segments:read%'
   AND scopes LIKE '%suppressions:read%'
   AND scopes LIKE '%suppressions:write%'
   AND scopes LIKE '%templates:read%'
   AND scopes LIKE '%templates:write%'
   AND scopes NOT LIKE '%segments:write%';
