-- Sender domains: a domain a workspace sends from, its DKIM key pair (the private key sealed by the server: AES-GCM
-- under a key derived from a server secret, never in clear text), and what its last verification found per record.
CREATE TABLE sender_domains (
    id                 VARCHAR(40)   PRIMARY KEY,
    workspace_id       VARCHAR(40)   NOT NULL REFERENCES workspaces (id),
    name               VARCHAR(253)  NOT NULL,
    selector           VARCHAR(63)   NOT NULL,
    public_key         VARCHAR(1000) NOT NULL,
    sealed_private_key VARCHAR(4000) NOT NULL,
    status             VARCHAR(20)   NOT NULL,
    checks             VARCHAR,
    checked_at         TIMESTAMP WITH TIME ZONE,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at         TIMESTAMP WITH TIME ZONE NOT NULL
);
-- One row per domain and workspace; delivery reads a workspace's verified ones.
CREATE UNIQUE INDEX sender_domains_by_workspace ON sender_domains (workspace_id, name);

-- How each send's message was signed by its last attempt: signed (by dkim_domain) or unsigned (and why).
ALTER TABLE email_sends ADD COLUMN dkim_status VARCHAR(10);
ALTER TABLE email_sends ADD COLUMN dkim_domain VARCHAR(253);
ALTER TABLE email_sends ADD COLUMN dkim_reason VARCHAR(300);

-- Keys made with every scope there was (the bootstrap key, each workspace's first key) get the domain scopes, as
-- V2, V7, V10 and V12 did for theirs.
UPDATE api_keys SET scopes = scopes || ' domains:read domains:write'
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
   AND scopes LIKE '%segments:write%'
   AND scopes LIKE '%subscription_groups:read%'
   AND scopes LIKE '%subscription_groups:write%'
   AND scopes LIKE '%suppressions:read%'
   AND scopes LIKE '%suppressions:write%'
   AND scopes LIKE '%templates:read%'
   AND scopes LIKE '%templates:write%'
   AND scopes NOT LIKE '%domains:read%';
