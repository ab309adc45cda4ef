-- The first workspace has one bootstrap key at a time (generated, or taken from SEGMENTFLOW_BOOTSTRAP_API_KEY):
-- marked, so that a changed configured secret can revoke the key of the old one.
ALTER TABLE api_keys ADD COLUMN bootstrap BOOLEAN DEFAULT FALSE NOT NULL;

-- The bootstrap keys made before: named so, with every scope, in the workspace created first.
UPDATE api_keys SET bootstrap = TRUE
 WHERE name = 'Bootstrap key'
   AND scopes LIKE '%workspaces:create%'
   AND workspace_id = (SELECT id FROM workspaces ORDER BY created_at, id LIMIT 1);
