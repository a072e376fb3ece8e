-- ProxySQL 2.x admin interface tables, as documented (ProxySQL's own DDL, SQLite types mapped to MariaDB's), so the
-- ProxySQL reader can be tested where ProxySQL cannot run: runtime_mysql_servers (main),
-- stats_mysql_connection_pool (stats), mysql_server_ping_log and mysql_server_read_only_log (monitor).
CREATE TABLE runtime_mysql_servers (
    hostgroup_id        INT          NOT NULL DEFAULT 0 CHECK (hostgroup_id >= 0),
    hostname            VARCHAR(255) NOT NULL,
    port                INT          NOT NULL DEFAULT 3306 CHECK (port >= 0 AND port <= 65535),
    gtid_port           INT          NOT NULL DEFAULT 0,
    status              VARCHAR(16)  NOT NULL DEFAULT 'ONLINE'
                        CHECK (UPPER(status) IN ('ONLINE', 'SHUNNED', 'OFFLINE_SOFT', 'OFFLINE_HARD')),
    weight              INT          NOT NULL DEFAULT 1 CHECK (weight >= 0 AND weight <= 10000000),
    compression         INT          NOT NULL DEFAULT 0 CHECK (compression IN (0, 1)),
    max_connections     INT          NOT NULL DEFAULT 1000 CHECK (max_connections >= 0),
    max_replication_lag INT          NOT NULL DEFAULT 0,
    use_ssl             INT          NOT NULL DEFAULT 0 CHECK (use_ssl IN (0, 1)),
    max_latency_ms      INT UNSIGNED NOT NULL DEFAULT 0,
    comment             VARCHAR(255) NOT NULL DEFAULT '',
    PRIMARY KEY (hostgroup_id, hostname, port)
);

CREATE TABLE stats_mysql_connection_pool (
    hostgroup         INT,
    srv_host          VARCHAR(255),
    srv_port          INT,
    status            VARCHAR(16),
    ConnUsed          INT,
    ConnFree          INT,
    ConnOK            INT,
    ConnERR           INT,
    MaxConnUsed       INT,
    Queries           INT,
    Queries_GTID_sync INT,
    Bytes_data_sent   INT,
    Bytes_data_recv   INT,
    Latency_us        INT
);

CREATE TABLE mysql_server_ping_log (
    hostname             VARCHAR(255) NOT NULL,
    port                 INT          NOT NULL DEFAULT 3306,
    time_start_us        BIGINT       NOT NULL DEFAULT 0,
    ping_success_time_us BIGINT       DEFAULT 0,
    ping_error           VARCHAR(1000),
    PRIMARY KEY (hostname, port, time_start_us)
);

CREATE TABLE mysql_server_read_only_log (
    hostname        VARCHAR(255) NOT NULL,
    port            INT          NOT NULL DEFAULT 3306,
    time_start_us   BIGINT       NOT NULL DEFAULT 0,
    success_time_us BIGINT       DEFAULT 0,
    read_only       INT          DEFAULT 1,
    error           VARCHAR(1000),
    PRIMARY KEY (hostname, port, time_start_us)
);
