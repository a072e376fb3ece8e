-- Wrong passwords no longer lock an account (anyone could keep the admin out with them): sign-in is throttled in
-- memory per client address and per account instead, so the lock-out columns go.
ALTER TABLE console_account
    DROP COLUMN failed_attempts,
    DROP COLUMN locked_until;
