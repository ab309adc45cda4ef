-- Each finished delivery attempt of a send and the relay's reply, shown with the send.
-- No foreign key, as for email_sends: results are recorded on the delivery hot path.
CREATE TABLE email_send_attempts (
    email_send_id VARCHAR(40)   NOT NULL,
    attempt       INTEGER       NOT NULL,
    started_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    result        VARCHAR(20)   NOT NULL,
    reply         VARCHAR(1000),
    PRIMARY KEY (email_send_id, attempt)
);
