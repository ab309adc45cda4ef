-- One schema for PostgreSQL and the embedded H2 (PostgreSQL mode): portable types only.
-- Long texts are VARCHAR without a length (unbounded on PostgreSQL, 1 MiB on H2);
-- the API bounds every field below that.

CREATE TABLE workspaces (
    id          VARCHAR(40)  PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE api_keys (
    id           VARCHAR(40)  PRIMARY KEY,
    workspace_id VARCHAR(40)  NOT NULL REFERENCES workspaces (id),
    name         VARCHAR(200) NOT NULL,
    prefix       VARCHAR(20)  NOT NULL,
    secret_hash  VARCHAR(64)  NOT NULL UNIQUE,
    scopes       VARCHAR(2000) NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at   TIMESTAMP WITH TIME ZONE
);
CREATE INDEX api_keys_by_workspace ON api_keys (workspace_id);

CREATE TABLE templates (
    id                  VARCHAR(40)  PRIMARY KEY,
    workspace_id        VARCHAR(40)  NOT NULL REFERENCES workspaces (id),
    name                VARCHAR(200) NOT NULL,
    kind                VARCHAR(20)  NOT NULL,
    current_snapshot_id VARCHAR(40)  NOT NULL,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    deleted_at          TIMESTAMP WITH TIME ZONE
);
CREATE INDEX templates_by_workspace ON templates (workspace_id, id);

-- Snapshots are never changed or deleted: sends keep rendering what they were accepted with.
CREATE TABLE template_snapshots (
    id           VARCHAR(40)   PRIMARY KEY,
    workspace_id VARCHAR(40)   NOT NULL,
    template_id  VARCHAR(40)   NOT NULL REFERENCES templates (id),
    subject      VARCHAR(1000) NOT NULL,
    html         VARCHAR       NOT NULL,
    text_body    VARCHAR,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE profiles (
    id           VARCHAR(40)  PRIMARY KEY,
    workspace_id VARCHAR(40)  NOT NULL REFERENCES workspaces (id),
    email        VARCHAR(254) NOT NULL,
    external_id  VARCHAR(255),
    properties   VARCHAR      NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT profiles_one_per_address UNIQUE (workspace_id, email)
);

-- The durable outbox. No foreign keys: accepting a send is the hot path.
CREATE TABLE email_sends (
    id                   VARCHAR(40)   PRIMARY KEY,
    workspace_id         VARCHAR(40)   NOT NULL,
    profile_id           VARCHAR(40),
    template_id          VARCHAR(40)   NOT NULL,
    template_snapshot_id VARCHAR(40)   NOT NULL,
    to_email             VARCHAR(254)  NOT NULL,
    to_name              VARCHAR(200),
    to_external_id       VARCHAR(255),
    from_email           VARCHAR(254)  NOT NULL,
    from_name            VARCHAR(200),
    reply_to             VARCHAR(254),
    subject              VARCHAR(1000),
    cc                   VARCHAR,
    bcc                  VARCHAR,
    data                 VARCHAR       NOT NULL,
    track_clicks         BOOLEAN       NOT NULL,
    track_opens          BOOLEAN       NOT NULL,
    priority             SMALLINT      NOT NULL,
    message_id           VARCHAR(300)  NOT NULL,
    idempotency_key      VARCHAR(255),
    status               VARCHAR(16)   NOT NULL,
    attempts             INTEGER       NOT NULL,
    next_attempt_at      TIMESTAMP WITH TIME ZONE,
    lease_until          TIMESTAMP WITH TIME ZONE,
    last_reply           VARCHAR(1000),
    failure_message      VARCHAR(1000),
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at           TIMESTAMP WITH TIME ZONE NOT NULL
);
-- Claiming: due queued sends by priority, and processing sends whose lease ran out.
CREATE INDEX email_sends_due ON email_sends (status, priority, next_attempt_at);
CREATE INDEX email_sends_leased ON email_sends (status, lease_until);
CREATE INDEX email_sends_by_workspace ON email_sends (workspace_id, id);

-- The first answer to each idempotency key, replayed to retries; kept at least 24 hours.
CREATE TABLE idempotency_records (
    workspace_id    VARCHAR(40)  NOT NULL,
    idempotency_key VARCHAR(255) NOT NULL,
    fingerprint     VARCHAR(64)  NOT NULL,
    response_status INTEGER      NOT NULL,
    response_body   VARCHAR      NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (workspace_id, idempotency_key)
);
CREATE INDEX idempotency_records_by_age ON idempotency_records (created_at);
