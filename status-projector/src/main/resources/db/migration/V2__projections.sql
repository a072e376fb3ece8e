-- Projections of every topic (status-projector's read model). Rebuildable: replaying from offset 0 into empty
-- tables gives the same rows.
CREATE TABLE proj_alert (
    fingerprint    VARCHAR(64)   NOT NULL PRIMARY KEY,
    alertname      VARCHAR(200)  NOT NULL,
    severity       VARCHAR(32)   NOT NULL,
    status         VARCHAR(16)   NOT NULL,
    instance       VARCHAR(200)  NULL,
    summary        VARCHAR(1000) NULL,
    starts_at      TIMESTAMP(6)  NULL,
    ends_at        TIMESTAMP(6)  NULL,
    acked_by       VARCHAR(100)  NULL,
    acked_at       TIMESTAMP(6)  NULL,
    silenced_until TIMESTAMP(6)  NULL,
    updated_at     TIMESTAMP(6)  NOT NULL,
    KEY proj_alert_status (status, updated_at)
);

CREATE TABLE proj_server (
    cluster     VARCHAR(100)  NOT NULL,
    server      VARCHAR(100)  NOT NULL,
    status      VARCHAR(32)   NOT NULL,
    role        VARCHAR(16)   NULL,
    hostgroup   INT           NULL,
    detail      VARCHAR(1000) NULL,
    observed_at TIMESTAMP(6)  NOT NULL,
    PRIMARY KEY (cluster, server)
);

CREATE TABLE proj_cluster (
    cluster           VARCHAR(100)  NOT NULL PRIMARY KEY,
    writer            VARCHAR(100)  NULL,
    writer_state      VARCHAR(16)   NOT NULL,
    writer_verified   BOOLEAN       NOT NULL DEFAULT FALSE,
    last_failover_at  TIMESTAMP(6)  NULL,
    last_failover     VARCHAR(300)  NULL,
    updated_at        TIMESTAMP(6)  NOT NULL
);

-- Every fact of every topic, newest first in the console's event log and live stream.
CREATE TABLE proj_event (
    event_id    VARCHAR(100)  NOT NULL PRIMARY KEY,
    topic       VARCHAR(100)  NOT NULL,
    type        VARCHAR(150)  NOT NULL,
    subject     VARCHAR(200)  NULL,
    summary     VARCHAR(1000) NOT NULL,
    severity    VARCHAR(16)   NOT NULL,
    occurred_at TIMESTAMP(6)  NOT NULL,
    KEY proj_event_at (occurred_at)
);

CREATE TABLE proj_maintenance (
    scope          VARCHAR(64)   NOT NULL,
    version        BIGINT        NOT NULL,
    mode           VARCHAR(16)   NOT NULL,
    reason_ko      VARCHAR(500)  NULL,
    reason_en      VARCHAR(500)  NULL,
    window_start   TIMESTAMP(6)  NULL,
    window_end     TIMESTAMP(6)  NULL,
    triggered_kind VARCHAR(16)   NULL,
    triggered_name VARCHAR(100)  NULL,
    changed_at     TIMESTAMP(6)  NULL,
    PRIMARY KEY (scope, version)
);

CREATE TABLE proj_backup (
    backup_id    VARCHAR(100)  NOT NULL PRIMARY KEY,
    status       VARCHAR(16)   NOT NULL,
    file         VARCHAR(500)  NULL,
    size_bytes   BIGINT        NULL,
    started_at   TIMESTAMP(6)  NULL,
    finished_at  TIMESTAMP(6)  NULL,
    verified_at  TIMESTAMP(6)  NULL,
    failure      VARCHAR(1000) NULL,
    updated_at   TIMESTAMP(6)  NOT NULL
);

CREATE TABLE proj_metric (
    metric      VARCHAR(100)  NOT NULL PRIMARY KEY,
    query       VARCHAR(2000) NULL,
    samples     TEXT          NOT NULL,
    sampled_at  TIMESTAMP(6)  NOT NULL
);

CREATE TABLE proj_booking (
    code          VARCHAR(32)   NOT NULL PRIMARY KEY,
    customer_name VARCHAR(100)  NOT NULL,
    phone         VARCHAR(32)   NOT NULL,
    address       VARCHAR(300)  NULL,
    issue_type    VARCHAR(64)   NULL,
    slot_start    TIMESTAMP(6)  NULL,
    status        VARCHAR(32)   NOT NULL,
    technician    VARCHAR(100)  NULL,
    created_at    TIMESTAMP(6)  NULL,
    updated_at    TIMESTAMP(6)  NOT NULL,
    KEY proj_booking_phone (phone),
    KEY proj_booking_slot (slot_start)
);

CREATE TABLE proj_announcement (
    announcement_id VARCHAR(64)   NOT NULL PRIMARY KEY,
    title           VARCHAR(300)  NOT NULL,
    body            TEXT          NULL,
    pinned          BOOLEAN       NOT NULL,
    published_by    VARCHAR(100)  NULL,
    published_at    TIMESTAMP(6)  NULL,
    withdrawn_at    TIMESTAMP(6)  NULL
);
