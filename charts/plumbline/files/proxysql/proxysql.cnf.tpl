# ProxySQL configuration (rendered by Helm into a ConfigMap; the PROXYSQL_* placeholders are filled from the
# Secret by the init container into a memory-only volume, so no password is in the ConfigMap or the repository).
#
# Ports: 6033 = the booking data path (booking-api only), 6034 = internal services (status-projector, alert-router),
# 6032 = admin (status-projector's topology reader, Orchestrator's failover hook). NetworkPolicies enforce who
# reaches which port; the query rules below also refuse an account on the other path.
#
# Writer/reader: mysql_replication_hostgroups moves each server between hostgroup {{ .Values.proxysql.writerHostgroup }} (writer) and
# {{ .Values.proxysql.readerHostgroup }} (readers) from its read_only value, checked every second by the monitor user. After Orchestrator
# promotes the replica (read_only=OFF) ProxySQL moves it to the writer hostgroup by itself; the failover hook
# additionally fences the old primary (OFFLINE_HARD) so that it cannot take writes if it comes back writable.
datadir="/var/lib/proxysql"

admin_variables=
{
    # the built-in "admin" user only works from localhost; remote admin uses a dedicated account
    admin_credentials="{{ .Values.proxysql.adminUser }}:${PROXYSQL_ADMIN_PASSWORD}"
    mysql_ifaces="0.0.0.0:6032"
    refresh_interval=2000
    restapi_enabled=false
    web_enabled=false
}

mysql_variables=
{
    threads=4
    max_connections=2048
    interfaces="0.0.0.0:6033;0.0.0.0:6034"
    default_schema="information_schema"
    server_version="8.4.5"
    default_query_timeout=30000
    connect_timeout_server=1000
    connect_retries_on_failure=3
    # a dedicated monitor account (REPLICATION CLIENT only); never root, never an application account
    monitor_username="{{ .Values.proxysql.monitorUser }}"
    monitor_password="${PROXYSQL_MONITOR_PASSWORD}"
    monitor_connect_interval=10000
    monitor_ping_interval=2000
    monitor_read_only_interval=1000
    monitor_read_only_timeout=800
    monitor_read_only_max_timeout_count=3
    monitor_replication_lag_interval=2000
    monitor_writer_is_also_reader=false
    ping_timeout_server=500
}

mysql_servers=
(
{{- range $i := until (int .Values.mysql.replicas) }}
    { address="{{ include "plumbline.mysql.host" (list $ $i) }}", port=3306, hostgroup={{ if eq $i 0 }}{{ $.Values.proxysql.writerHostgroup }}{{ else }}{{ $.Values.proxysql.readerHostgroup }}{{ end }}, max_connections=500, max_replication_lag={{ $.Values.proxysql.maxReplicationLag }}, comment="{{ include "plumbline.mysql.name" $ }}-{{ $i }}" },
{{- end }}
)

mysql_replication_hostgroups=
(
    { writer_hostgroup={{ .Values.proxysql.writerHostgroup }}, reader_hostgroup={{ .Values.proxysql.readerHostgroup }}, check_type="read_only", comment="{{ .Values.mysql.clusterAlias }}" }
)

mysql_users=
(
    { username="booking_app", password="${PROXYSQL_PW_BOOKING_APP}", default_hostgroup={{ .Values.proxysql.writerHostgroup }}, transaction_persistent=1, active=1 },
    { username="booking_ro", password="${PROXYSQL_PW_BOOKING_RO}", default_hostgroup={{ .Values.proxysql.readerHostgroup }}, transaction_persistent=1, active=1 },
    { username="migrator", password="${PROXYSQL_PW_MIGRATOR}", default_hostgroup={{ .Values.proxysql.writerHostgroup }}, transaction_persistent=1, active=1 },
    { username="status_app", password="${PROXYSQL_PW_STATUS_APP}", default_hostgroup={{ .Values.proxysql.writerHostgroup }}, transaction_persistent=1, active=1 },
    { username="alerting_app", password="${PROXYSQL_PW_ALERTING_APP}", default_hostgroup={{ .Values.proxysql.writerHostgroup }}, transaction_persistent=1, active=1 }
)

mysql_query_rules=
(
    # path fences: an account is refused on the other service path
    { rule_id=1, active=1, proxy_port=6033, username="status_app", error_msg="status_app uses port 6034", apply=1 },
    { rule_id=2, active=1, proxy_port=6033, username="alerting_app", error_msg="alerting_app uses port 6034", apply=1 },
    { rule_id=3, active=1, proxy_port=6034, username="booking_app", error_msg="booking_app uses port 6033", apply=1 },
    { rule_id=4, active=1, proxy_port=6034, username="booking_ro", error_msg="booking_ro uses port 6033", apply=1 },
    # accounts that write read their own writes: everything they send stays on the writer
    { rule_id=10, active=1, username="booking_app", destination_hostgroup={{ .Values.proxysql.writerHostgroup }}, apply=1 },
    { rule_id=11, active=1, username="migrator", destination_hostgroup={{ .Values.proxysql.writerHostgroup }}, apply=1 },
    { rule_id=12, active=1, username="status_app", destination_hostgroup={{ .Values.proxysql.writerHostgroup }}, apply=1 },
    { rule_id=13, active=1, username="alerting_app", destination_hostgroup={{ .Values.proxysql.writerHostgroup }}, apply=1 },
    # read/write split for read accounts: locking reads go to the writer, every other SELECT to the readers
    { rule_id=100, active=1, match_digest="^SELECT .* FOR UPDATE", destination_hostgroup={{ .Values.proxysql.writerHostgroup }}, apply=1 },
    { rule_id=101, active=1, match_digest="^SELECT .* FOR SHARE", destination_hostgroup={{ .Values.proxysql.writerHostgroup }}, apply=1 },
    { rule_id=110, active=1, match_digest="^SELECT", destination_hostgroup={{ .Values.proxysql.readerHostgroup }}, apply=1 }
)
