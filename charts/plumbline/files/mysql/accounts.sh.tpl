#!/bin/sh
# Helm hook Job (post-install, post-upgrade): creates the schemas and the least-privilege accounts on the CURRENT
# writer (the server with read_only = OFF, whichever Orchestrator made it), rotates their passwords to the ones in
# the secret, and attaches every read-only server that does not replicate yet to the writer with GTID
# auto-positioning. Idempotent. Connects as plumbline_admin, never as root. Passwords come from env (secretKeyRef).
set -eu
export MYSQL_PWD="$ADMIN_PASSWORD"
q() { printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e "s/'/''/g"; }
wait_for() {
  i=0
  until mysql --connect-timeout=5 -h "$1" -u plumbline_admin -N -B -e 'SELECT 1' >/dev/null 2>&1; do
    i=$((i + 1)); [ "$i" -ge 60 ] && { echo "server $1 not reachable" >&2; return 1; }
    sleep 5
  done
}
writer=""
for server in $SERVERS; do
  wait_for "$server"
  if [ "$(mysql -h "$server" -u plumbline_admin -N -B -e 'SELECT @@global.read_only')" = "0" ]; then
    [ -n "$writer" ] && { echo "two writable servers ($writer, $server): refusing to touch accounts" >&2; exit 1; }
    writer="$server"
  fi
done
[ -n "$writer" ] || { echo "no writable server: nothing done (see docs/runbooks)" >&2; exit 1; }
echo "writer: $writer"
{
  for schema in booking status alerting plumbline_probe backup_verify; do
    echo "CREATE DATABASE IF NOT EXISTS \`$schema\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
  done
  echo "CREATE TABLE IF NOT EXISTS plumbline_probe.write_probe (id VARCHAR(64) PRIMARY KEY, written_at TIMESTAMP(6) NOT NULL);"
{{- range .Values.database.accounts }}
{{- $account := . }}
  pw=$(q "$(printenv PW_{{ .secretKey | upper | replace "-" "_" }})")
  echo "CREATE USER IF NOT EXISTS '{{ .name }}'@'%' IDENTIFIED WITH {{ .authPlugin | default "caching_sha2_password" }} BY '$pw';"
  echo "ALTER USER '{{ .name }}'@'%' IDENTIFIED WITH {{ .authPlugin | default "caching_sha2_password" }} BY '$pw'{{ with .maxUserConnections }} WITH MAX_USER_CONNECTIONS {{ . }}{{ end }};"
{{- range .grants }}
  echo "GRANT {{ . | replace "`" "\\`" }} TO '{{ $account.name }}'@'%';"
{{- end }}
{{- end }}
} | mysql --connect-timeout=5 -h "$writer" -u plumbline_admin
echo "accounts up to date on $writer"

# attach read-only servers that replicate from nobody yet (a fresh replica; never a demoted primary, which
# Orchestrator detached on purpose and a person re-attaches after checking it: docs/runbooks/mysql-primary-down.md)
repl_pw=$(q "$PW_REPLICATOR_PASSWORD")
for server in $SERVERS; do
  [ "$server" = "$writer" ] && continue
  status=$(mysql -h "$server" -u plumbline_admin -N -B -e 'SHOW REPLICA STATUS')
  gtids=$(mysql -h "$server" -u plumbline_admin -N -B -e 'SELECT @@global.gtid_executed')
  if [ -z "$status" ] && [ -z "$gtids" ]; then
    echo "attaching fresh replica $server to $writer (GTID auto-position)"
    mysql -h "$server" -u plumbline_admin -e "CHANGE REPLICATION SOURCE TO SOURCE_HOST='$writer', SOURCE_PORT=3306, SOURCE_USER='replicator', SOURCE_PASSWORD='$repl_pw', SOURCE_AUTO_POSITION=1, SOURCE_SSL=1, GET_SOURCE_PUBLIC_KEY=1, SOURCE_CONNECT_RETRY=5; START REPLICA;"
  else
    echo "$server: replication already configured or has its own transactions; left alone"
  fi
done
