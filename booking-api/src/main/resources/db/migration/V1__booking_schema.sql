-- booking-api's schema. Runs as the migration account; the service itself only has DML (booking_app).

CREATE TABLE booking (
    code          VARCHAR(20)   NOT NULL PRIMARY KEY,
    customer_name VARCHAR(50)   NOT NULL,
    phone         VARCHAR(20)   NOT NULL,
    phone_last4   CHAR(4)       NOT NULL,
    address       VARCHAR(200)  NOT NULL,
    issue_type    VARCHAR(20)   NOT NULL,
    description   VARCHAR(1000) NOT NULL,
    slot_start    TIMESTAMP(6)  NOT NULL,
    status        VARCHAR(20)   NOT NULL,
    technician    VARCHAR(50)   NULL,
    created_at    TIMESTAMP(6)  NOT NULL,
    updated_at    TIMESTAMP(6)  NOT NULL,
    KEY booking_slot (slot_start),
    KEY booking_status (status, slot_start),
    KEY booking_phone (phone)
);

-- One row per bookable slot: `booked` never exceeds `capacity`, enforced by a conditional UPDATE (no overbooking
-- under concurrency, whatever the number of booking-api replicas).
CREATE TABLE slot (
    slot_start TIMESTAMP(6) NOT NULL PRIMARY KEY,
    capacity   INT          NOT NULL,
    booked     INT          NOT NULL DEFAULT 0,
    CONSTRAINT slot_not_overbooked CHECK (booked >= 0 AND booked <= capacity)
);

CREATE TABLE booking_history (
    id         BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    code       VARCHAR(20)  NOT NULL,
    status     VARCHAR(20)  NOT NULL,
    changed_by VARCHAR(100) NOT NULL,
    note       VARCHAR(500) NULL,
    changed_at TIMESTAMP(6) NOT NULL,
    KEY booking_history_code (code, id)
);

-- Idempotency-Key of POST /api/bookings: a retried request returns the first answer instead of booking twice.
CREATE TABLE idempotency_key (
    idem_key     VARCHAR(100) NOT NULL PRIMARY KEY,
    request_hash CHAR(64)     NOT NULL,
    booking_code VARCHAR(20)  NOT NULL,
    created_at   TIMESTAMP(6) NOT NULL,
    KEY idempotency_key_created (created_at)
);

CREATE TABLE announcement (
    id         VARCHAR(36)   NOT NULL PRIMARY KEY,
    title      VARCHAR(200)  NOT NULL,
    body       VARCHAR(4000) NOT NULL,
    pinned     BOOLEAN       NOT NULL DEFAULT FALSE,
    created_by VARCHAR(100)  NOT NULL,
    created_at TIMESTAMP(6)  NOT NULL,
    updated_at TIMESTAMP(6)  NOT NULL
);

-- Who changed what through the admin API (the acting admin's name comes from the console).
CREATE TABLE audit_log (
    id     BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    actor  VARCHAR(100)  NOT NULL,
    action VARCHAR(50)   NOT NULL,
    target VARCHAR(100)  NOT NULL,
    detail VARCHAR(1000) NULL,
    at     TIMESTAMP(6)  NOT NULL,
    KEY audit_log_at (at)
);

-- Transactional outbox in Debezium's EventRouter shape; captured from the binlog, deleted once published.
CREATE TABLE outbox (
    id             VARCHAR(36)  NOT NULL PRIMARY KEY,
    aggregate_type VARCHAR(50)  NOT NULL,
    aggregate_id   VARCHAR(50)  NOT NULL,
    type           VARCHAR(150) NOT NULL,
    payload        LONGTEXT     NOT NULL,
    created_at     TIMESTAMP(6) NOT NULL,
    KEY outbox_created (created_at)
);
