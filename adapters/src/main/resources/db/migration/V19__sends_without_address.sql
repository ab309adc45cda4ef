-- An audience member whose Profile has no address gets a send recorded as skipped (reason no_address), so that a
-- carrier's results count every member once. Only such a send may lack a recipient: every other one goes out.
ALTER TABLE email_sends ALTER COLUMN to_email DROP NOT NULL;
ALTER TABLE email_sends ADD CONSTRAINT email_sends_recipient_unless_skipped
    CHECK (to_email IS NOT NULL OR status = 'skipped');
