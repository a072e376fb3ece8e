-- Account management in the console: accounts can be disabled instead of deleted, the last sign-in is shown, and
-- session_epoch is bumped whenever sessions signed in before must end (disabled, role changed, password replaced).
ALTER TABLE console_account
    ADD COLUMN enabled       BOOLEAN      NOT NULL DEFAULT TRUE,
    ADD COLUMN last_login_at TIMESTAMP(6) NULL,
    ADD COLUMN session_epoch INT          NOT NULL DEFAULT 0;
