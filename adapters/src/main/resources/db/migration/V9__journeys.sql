-- Journeys, their versions, their runs, and the business events that start and move them.

CREATE TABLE journeys (
    id            VARCHAR(40)  PRIMARY KEY,
    workspace_id  VARCHAR(40)  NOT NULL REFERENCES workspaces (id),
    name          VARCHAR(200) NOT NULL,
    status        VARCHAR(20)  NOT NULL,
    version       INTEGER      NOT NULL,
    -- The event the current version listens to; null for a Journey started by trigger calls.
    trigger_event VARCHAR(100),
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX journeys_by_workspace ON journeys (workspace_id, id);
CREATE INDEX journeys_by_trigger_event ON journeys (workspace_id, trigger_event);

-- Every version a Journey had: runs finish on the version they started on. Trigger and steps are kept in the
-- API's JSON form, so a definition reads back as it was written.
CREATE TABLE journey_versions (
    journey_id VARCHAR(40) NOT NULL REFERENCES journeys (id),
    version    INTEGER     NOT NULL,
    trigger_definition VARCHAR NOT NULL,
    re_entry   VARCHAR(20) NOT NULL,
    start_step VARCHAR(64) NOT NULL,
    steps      VARCHAR     NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (journey_id, version)
);

-- Tracked events. data becomes null when it is erased; the event itself stays.
CREATE TABLE user_events (
    id           VARCHAR(40)  PRIMARY KEY,
    workspace_id VARCHAR(40)  NOT NULL,
    name         VARCHAR(100) NOT NULL,
    profile_id   VARCHAR(40)  NOT NULL,
    data         VARCHAR,
    reference_id VARCHAR(255),
    occurred_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    received_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX user_events_by_profile ON user_events (workspace_id, profile_id, id);
CREATE INDEX user_events_by_name ON user_events (workspace_id, name, id);
CREATE INDEX user_events_by_reference ON user_events (workspace_id, reference_id);
CREATE INDEX user_events_by_received ON user_events (received_at);

-- Runs. due_at is null once a run has ended, so the timer index holds only runs that will go on.
CREATE TABLE journey_runs (
    id              VARCHAR(40)  PRIMARY KEY,
    workspace_id    VARCHAR(40)  NOT NULL,
    journey_id      VARCHAR(40)  NOT NULL,
    journey_version INTEGER      NOT NULL,
    profile_id      VARCHAR(40)  NOT NULL,
    event_id        VARCHAR(40),
    status          VARCHAR(20)  NOT NULL,
    current_step    VARCHAR(64),
    due_at          TIMESTAMP WITH TIME ZONE,
    awaited_event   VARCHAR(100),
    history         VARCHAR      NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX journey_runs_due ON journey_runs (due_at);
CREATE INDEX journey_runs_by_profile ON journey_runs (workspace_id, profile_id, journey_id);
CREATE INDEX journey_runs_by_journey ON journey_runs (journey_id, id);
CREATE INDEX journey_runs_by_event ON journey_runs (event_id);

-- Journey emails are EmailSends linked to their run, step and triggering event.
ALTER TABLE email_sends ADD COLUMN journey_run_id VARCHAR(40);
ALTER TABLE email_sends ADD COLUMN journey_step_id VARCHAR(64);
ALTER TABLE email_sends ADD COLUMN event_id VARCHAR(40);
