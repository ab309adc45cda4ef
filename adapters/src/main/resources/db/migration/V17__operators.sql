-- The people who sign in to the dashboard. The email is kept in lower case, so it is unique without regard to case.
CREATE TABLE operators (
    id            VARCHAR(40)  PRIMARY KEY,
    email         VARCHAR(254) NOT NULL UNIQUE,
    password_hash VARCHAR(300) NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

-- An operator's role in a workspace: owner, operator or viewer.
CREATE TABLE operator_roles (
    operator_id  VARCHAR(40) NOT NULL REFERENCES operators (id),
    workspace_id VARCHAR(40) NOT NULL REFERENCES workspaces (id),
    role         VARCHAR(20) NOT NULL,
    granted_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (operator_id, workspace_id)
);
CREATE INDEX operator_roles_by_workspace ON operator_roles (workspace_id);
