-- Console accounts: bcrypt hashes only; lockout after repeated failures.
CREATE TABLE console_account (
    username        VARCHAR(64)  NOT NULL PRIMARY KEY,
    password_hash   VARCHAR(100) NOT NULL,
    role            VARCHAR(16)  NOT NULL,
    failed_attempts INT          NOT NULL DEFAULT 0,
    locked_until    TIMESTAMP(6) NULL,
    created_at      TIMESTAMP(6) NOT NULL
);

-- Every change an admin (or the emergency policy) made through status-projector.
CREATE TABLE audit_log (
    id       BIGINT AUTO_INCREMENT PRIMARY KEY,
    at       TIMESTAMP(6) NOT NULL,
    actor    VARCHAR(64)  NOT NULL,
    action   VARCHAR(64)  NOT NULL,
    target   VARCHAR(128) NOT NULL,
    detail   VARCHAR(2000) NULL,
    KEY audit_log_at (at)
);
