#!/bin/sh
# Runs as an init container of every MySQL pod (uid 999, no root). Picks the server's initial role from its
# StatefulSet ordinal (0 = primary, others = GTID replicas with read_only + super_read_only), initialises an empty
# data directory without any password, and writes the init file mysqld runs at every start, before it accepts a
# client: the bootstrap DBA account plumbline_admin from the mounted secret, the root accounts DROPPED (no root user
# remains), and the schemas and least-privilege accounts of database.accounts (accounts-sql.sh) with the Secret's
# passwords. So a server is never Ready without the accounts the services log in as: the first install needs no
# hook or Job to run first. Written with sql_log_bin = 0 on every server alike: no GTID of a replica's own, nothing
# for a fresh replica to receive twice.
set -eu
. /config/accounts-sql.sh
ordinal="${HOSTNAME##*-}"
conf=/etc/mysql/conf.d
cp /config/common.cnf "$conf/common.cnf"
if [ "$ordinal" = "0" ]; then
  cp /config/primary.cnf "$conf/role.cnf"
  role=primary
else
  cp /config/replica.cnf "$conf/role.cnf"
  role=replica
fi
printf '[mysqld]\nserver_id=%s\nreport_host=%s.%s.%s.svc\n' \
  "$((100 + ordinal))" "$HOSTNAME" "$MYSQL_HEADLESS_SERVICE" "$POD_NAMESPACE" > "$conf/server.cnf"

if [ ! -d /var/lib/mysql/mysql ]; then
  echo "initialising an empty data directory (role: $role)"
  mysqld --no-defaults --initialize-insecure --datadir=/var/lib/mysql --user=mysql
fi

# SQL string literal: double every quote, escape backslashes
pw=$(printf '%s' "$ADMIN_PASSWORD" | sed -e 's/\\/\\\\/g' -e "s/'/''/g")
umask 077
{
  echo "SET GLOBAL super_read_only = 0;"
  echo "SET sql_log_bin = 0;"
  echo "CREATE USER IF NOT EXISTS 'plumbline_admin'@'%' IDENTIFIED BY '$pw';"
  echo "ALTER USER 'plumbline_admin'@'%' IDENTIFIED BY '$pw';"
  echo "GRANT ALL PRIVILEGES ON *.* TO 'plumbline_admin'@'%' WITH GRANT OPTION;"
  echo "DROP USER IF EXISTS 'root'@'localhost', 'root'@'%';"
  accounts_sql
  echo "SET sql_log_bin = 1;"
  if [ "$role" = "replica" ]; then
    echo "SET GLOBAL read_only = 1;"
    echo "SET GLOBAL super_read_only = 1;"
  fi
} > /run/mysql-init/init.sql
echo "server $HOSTNAME configured as $role"
