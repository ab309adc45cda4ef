-- Broadcasts, Newsletters and their Issues, and the links that hand a Broadcast or an Issue to a person to confirm.
-- A Broadcast and an Issue share one lifecycle, kept in the same columns: status, the time it is scheduled for, and
-- what its fan-out was pinned to when it started (template snapshot and sender), so a restarted fan-out writes the
-- same emails. The scheduler claims due rows by (status, send_at).

CREATE TABLE broadcasts (
    id                    VARCHAR(40)   PRIMARY KEY,
    workspace_id          VARCHAR(40)   NOT NULL REFERENCES workspaces (id),
    name                  VARCHAR(200)  NOT NULL,
    template_id           VARCHAR(40)   NOT NULL,
    subject               VARCHAR(1000),
    own_template          BOOLEAN       NOT NULL,
    segment_id            VARCHAR(40),
    subscription_group_id VARCHAR(40)   NOT NULL,
    from_email            VARCHAR(254),
    from_name             VARCHAR(200),
    status                VARCHAR(24)   NOT NULL,
    send_at               TIMESTAMP WITH TIME ZONE,
    pinned_snapshot_id    VARCHAR(40),
    pinned_from_email     VARCHAR(254),
    pinned_from_name      VARCHAR(200),
    started_at            TIMESTAMP WITH TIME ZONE,
    finished_at           TIMESTAMP WITH TIME ZONE,
    written               BIGINT        NOT NULL,
    failure_reason        VARCHAR(1000),
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at            TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX broadcasts_by_workspace ON broadcasts (workspace_id, id);
CREATE INDEX broadcasts_due ON broadcasts (status, send_at);

CREATE TABLE newsletters (
    id                    VARCHAR(40)   PRIMARY KEY,
    workspace_id          VARCHAR(40)   NOT NULL REFERENCES workspaces (id),
    name                  VARCHAR(200)  NOT NULL,
    subscription_group_id VARCHAR(40)   NOT NULL,
    from_email            VARCHAR(254),
    from_name             VARCHAR(200),
    default_template_id   VARCHAR(40),
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at            TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX newsletters_by_workspace ON newsletters (workspace_id, id);

CREATE TABLE newsletter_issues (
    id                    VARCHAR(40)   PRIMARY KEY,
    workspace_id          VARCHAR(40)   NOT NULL REFERENCES workspaces (id),
    newsletter_id         VARCHAR(40)   NOT NULL REFERENCES newsletters (id),
    name                  VARCHAR(200)  NOT NULL,
    template_id           VARCHAR(40)   NOT NULL,
    subject               VARCHAR(1000),
    own_template          BOOLEAN       NOT NULL,
    segment_id            VARCHAR(40),
    status                VARCHAR(24)   NOT NULL,
    send_at               TIMESTAMP WITH TIME ZONE,
    pinned_snapshot_id    VARCHAR(40),
    pinned_from_email     VARCHAR(254),
    pinned_from_name      VARCHAR(200),
    started_at            TIMESTAMP WITH TIME ZONE,
    finished_at           TIMESTAMP WITH TIME ZONE,
    written               BIGINT        NOT NULL,
    failure_reason        VARCHAR(1000),
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at            TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX newsletter_issues_by_newsletter ON newsletter_issues (workspace_id, newsletter_id, id);
CREATE INDEX newsletter_issues_due ON newsletter_issues (status, send_at);

-- Only the SHA-256 digest of a token is kept: a copy of the database confirms nothing.
CREATE TABLE carrier_confirmations (
    token_hash   VARCHAR(64)  PRIMARY KEY,
    workspace_id VARCHAR(40)  NOT NULL,
    carrier_type VARCHAR(20)  NOT NULL,
    carrier_id   VARCHAR(40)  NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at      TIMESTAMP WITH TIME ZONE
);
CREATE INDEX carrier_confirmations_by_carrier ON carrier_confirmations (carrier_id);
