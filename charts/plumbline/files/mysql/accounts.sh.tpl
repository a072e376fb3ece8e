#!/bin/sh
# The accounts Job (a plain Job of every release revision, never a hook: nothing waits on it). Every MySQL server
# already creates the schemas and accounts itself at start (init-server.sh); this Job applies a password rotation
# or a grant change to the running CURRENT writer (read_only = OFF, whichever Orchestrator made it) without
# restarting it, and attaches every read-only server that does not replicate yet to the writer with GTID
# auto-positioning. Idempotent. Connects as plumbline_admin, never as root. Passwords come from env (secretKeyRef).
set -eu
export MYSQL_PWD="$ADMIN_PASSWORD"
. /scripts/accounts-sql.sh
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
accounts_sql | mysql --connect-timeout=5 -h "$writer" -u plumbline_admin
echo "accounts up to date on $writer"

# attach read-only servers that replicate from nobody yet (a fresh replica; never a demoted primary, which
# Orchestrator detached on purpose and a person re-attaches after checking it: docs/runbooks/mysql-primary-down.md)
repl_pw=$(sql_string "$PW_REPLICATOR_PASSWORD")
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
