#!/bin/sh
# Orchestrator failover hook (PostMasterFailoverProcesses / PostUnsuccessfulFailoverProcesses).
#   failover-hook.sh promoted|failed <failureType> <clusterAlias> <failedHost> <failedPort> <successorHost> <successorPort>
# 1. promoted: on EVERY ProxySQL, fence the dead primary (OFFLINE_HARD: it never takes writes again until a person
#    re-attaches it) and put the successor in the writer hostgroup right away (ProxySQL would also move it by its
#    read_only check within a second; this removes the wait and the window where the old primary could come back
#    writable).
# 2. Tell Plumbline: an Alertmanager-format alert (MySQLFailoverCompleted / MySQLFailoverFailed) to alert-router's
#    webhook, which puts it on ops.alerts.v1 (status-projector projects it, Slack shows it). status-projector's own
#    probe reports FailoverDetected on ops.db-topology.v1 independently.
# Needs mysql (8.4 client) and curl: ops/images/orchestrator installs them (OrchestratorCompatibilityTest checks).
# Never fails the recovery: every step logs and goes on.
set -u
outcome="$1" type="$2" alias="$3" failed="$4" failed_port="$5" successor="${6:-}" successor_port="${7:-}"
log() { echo "failover-hook: $*" >&2; }

if [ "$outcome" = "promoted" ] && [ -n "$successor" ]; then
  export MYSQL_PWD="$PROXYSQL_ADMIN_PASSWORD"
  i=0
  while [ "$i" -lt "$PROXYSQL_REPLICAS" ]; do
    admin="$PROXYSQL_NAME-$i.$PROXYSQL_HEADLESS_SERVICE"
    if mysql --connect-timeout=3 -h "$admin" -P 6032 -u "$PROXYSQL_ADMIN_USER" -e "
        UPDATE mysql_servers SET status = 'OFFLINE_HARD' WHERE hostname = '$failed' AND port = $failed_port;
        DELETE FROM mysql_servers WHERE hostname = '$successor' AND hostgroup_id = $WRITER_HOSTGROUP;
        INSERT INTO mysql_servers (hostgroup_id, hostname, port, max_connections, comment)
          VALUES ($WRITER_HOSTGROUP, '$successor', $successor_port, 500, 'promoted by orchestrator');
        LOAD MYSQL SERVERS TO RUNTIME;
        SAVE MYSQL SERVERS TO DISK;"; then
      log "ProxySQL $admin: $failed fenced, $successor is the writer"
    else
      log "ProxySQL $admin NOT updated (its read_only check still moves $successor)"
    fi
    i=$((i + 1))
  done
fi

[ "${NOTIFY_URL:-}" = "" ] && exit 0
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
if [ "$outcome" = "promoted" ]; then
  name=MySQLFailoverCompleted severity=warning
  summary="Orchestrator promoted $successor after $type on $failed"
else
  name=MySQLFailoverFailed severity=critical
  summary="Orchestrator could NOT recover $type on $failed: promote by hand (docs/runbooks/mysql-primary-down.md)"
fi
fingerprint=$(printf '%s/%s/%s/%s' "$name" "$alias" "$failed" "$now" | sha256sum | cut -c1-16)
body=$(cat <<JSON
{"version":"4","groupKey":"orchestrator/$alias","status":"firing","receiver":"plumbline","truncatedAlerts":0,
 "groupLabels":{"alertname":"$name"},"commonLabels":{"alertname":"$name","severity":"$severity","cluster":"$alias"},
 "commonAnnotations":{},"externalURL":"http://orchestrator",
 "alerts":[{"status":"firing","labels":{"alertname":"$name","severity":"$severity","cluster":"$alias","instance":"$failed","team":"infra"},
  "annotations":{"summary":"$summary","description":"failure $type; old primary $failed:$failed_port; successor ${successor:-none}"},
  "startsAt":"$now","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://orchestrator/web/clusters","fingerprint":"$fingerprint"}]}
JSON
)
if curl -fsS --max-time 10 --retry 3 -H "Authorization: Bearer $NOTIFY_TOKEN" -H 'Content-Type: application/json' \
    -d "$body" "$NOTIFY_URL" >/dev/null; then
  log "Plumbline notified ($name)"
else
  log "Plumbline NOT notified ($name)"
fi
exit 0
