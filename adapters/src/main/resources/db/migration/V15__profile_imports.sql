-- Bulk Profile imports. An upload is staged in the database as it is read, in blocks of consecutive rows, so that the
-- import job reads it on any node and after a crash; next_row moves on with each chunk the job commits, in the same
-- transaction as the Profiles it wrote, so a restart goes on from there. Each refused row is kept with its line.
CREATE TABLE profile_imports (
    id             VARCHAR(40)  PRIMARY KEY,
    workspace_id   VARCHAR(40)  NOT NULL REFERENCES workspaces (id),
    file_format    VARCHAR(10)  NOT NULL,
    status         VARCHAR(20)  NOT NULL,
    header         VARCHAR,
    total_rows     BIGINT       NOT NULL,
    next_row       BIGINT       NOT NULL,
    imported       BIGINT       NOT NULL,
    failed         BIGINT       NOT NULL,
    failure_reason VARCHAR(1000),
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Rows first_row (from 0) up to end_row (excluded), each written as "<line> <t|r>:<length>:<text or refusal>".
CREATE TABLE profile_import_blocks (
    import_id VARCHAR(40) NOT NULL REFERENCES profile_imports (id),
    end_row   BIGINT      NOT NULL,
    first_row BIGINT      NOT NULL,
    content   VARCHAR     NOT NULL,
    PRIMARY KEY (import_id, end_row)
);

CREATE TABLE profile_import_errors (
    import_id VARCHAR(40)   NOT NULL REFERENCES profile_imports (id),
    line      BIGINT        NOT NULL,
    code      VARCHAR(40)   NOT NULL,
    message   VARCHAR(1000) NOT NULL,
    PRIMARY KEY (import_id, line)
);
