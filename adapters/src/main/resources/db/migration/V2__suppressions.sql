-- Each workspace's suppression list: addresses it must never mail. An address is kept all in lower case,
-- so the primary key is also the case-insensitive match and the order of keyset pages.
CREATE TABLE suppressions (
    workspace_id  VARCHAR(40)   NOT NULL REFERENCES workspaces (id),
    address       VARCHAR(254)  NOT NULL,
    reason        VARCHAR(20)   NOT NULL,
    detail        VARCHAR(1000),
    email_send_id VARCHAR(40),
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (workspace_id, address)
);

-- Keys made with every scope there was (the bootstrap key, each workspace's first key) get the two new
-- ones: otherwise no key of an existing workspace could use the list or grant access to it.
UPDATE api_keys SET scopes = scopes || ' suppressions:read suppressions:write'
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
   AND scopes LIKE '%templates:read%'
   AND scopes LIKE '%templates:write%'
   AND scopes NOT LIKE '%suppressions:%';
