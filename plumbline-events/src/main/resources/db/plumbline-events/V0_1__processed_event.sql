-- Idempotent consumption (io.plumbline.events.kafka.ProcessedEvents): one row per event id a consumer has processed.
CREATE TABLE processed_event (
    consumer     VARCHAR(100) NOT NULL,
    event_id     VARCHAR(100) NOT NULL,
    event_type   VARCHAR(150) NOT NULL,
    topic        VARCHAR(200) NOT NULL,
    processed_at TIMESTAMP(6) NOT NULL,
    PRIMARY KEY (consumer, event_id),
    KEY processed_event_at (processed_at)
);
