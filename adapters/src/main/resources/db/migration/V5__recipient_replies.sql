-- The cc and bcc recipients a send's last attempt left out because the suppression list holds them, and each
-- recipient's reply in an attempt. Lines of space-separated fields (an address never holds a space or a line
-- break, and a reply is kept on one line), so the hot path writes them in the batches it already makes. Unbounded
-- like cc and bcc: 101 recipients with long addresses and replies must never fail the batch that records a claim.
ALTER TABLE email_sends ADD COLUMN withheld_recipients VARCHAR;
ALTER TABLE email_send_attempts ADD COLUMN recipients VARCHAR;
