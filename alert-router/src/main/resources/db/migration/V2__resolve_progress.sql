-- The resolve is two Slack calls (thread reply, then chat.update of the original). Remembering the reply lets a
-- redelivery after a crash between the two finish with the update instead of replying twice.
ALTER TABLE alert_thread ADD COLUMN reply_ts VARCHAR(40) NULL;
