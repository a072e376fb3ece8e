-- An alert episode can be a reply in another message's thread (a DB-down alert joining the platform's own
-- WriterLost message): its resolve then replies in that thread, and chat.update still replaces the alert's own message.
ALTER TABLE alert_thread ADD COLUMN thread_ts VARCHAR(40) NULL;
