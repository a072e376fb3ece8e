-- What the webhook has accepted per alert episode (fingerprint + startsAt): lets ingestion drop a stale
-- "firing" that arrives after the episode was resolved (HA peers, gossip lag).
CREATE TABLE received_alert (
    fingerprint VARCHAR(64)  NOT NULL,
    starts_at   DATETIME(6)  NOT NULL,
    status      VARCHAR(16)  NOT NULL,
    updated_at  DATETIME(6)  NOT NULL,
    PRIMARY KEY (fingerprint, starts_at)
);

-- The Slack side of an alert episode: where the firing message went, so that the resolve is posted as a thread
-- reply and the original is updated, also after a restart.
CREATE TABLE alert_thread (
    fingerprint VARCHAR(64)  NOT NULL,
    starts_at   DATETIME(6)  NOT NULL,
    status      VARCHAR(16)  NOT NULL,
    alertname   VARCHAR(200) NOT NULL,
    channel     VARCHAR(100) NOT NULL,
    message_ts  VARCHAR(40),
    labels_json TEXT         NOT NULL,
    updated_at  DATETIME(6)  NOT NULL,
    PRIMARY KEY (fingerprint, starts_at)
);
