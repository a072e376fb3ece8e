-- Look-ups per client address per fixed window, one budget shared by every booking-api replica (LookupRateLimiter).
-- window_start is epoch milliseconds: no time-zone conversion between the replicas and the server.
CREATE TABLE lookup_rate (
    client       VARCHAR(45) NOT NULL,
    window_start BIGINT      NOT NULL,
    hits         BIGINT      NOT NULL,
    PRIMARY KEY (client, window_start),
    KEY lookup_rate_window (window_start)
);
