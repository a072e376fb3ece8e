#!/bin/sh
# Init step of the backup pod's scratch verification database (a native sidecar: mysqld of mysql.image on 127.0.0.1,
# data on an emptyDir, no binary log). backup-worker restores every backup into it to verify it: the dump's source,
# the super_read_only replica, cannot take that restore. Initialises an empty data directory and writes the init
# file mysqld runs at each start: it creates the one account the worker uses, with all privileges on the scratch
# schema only and the password of the pod's generated Secret, and drops root. Runs as the pod's uid, never root.
set -eu
if [ ! -d /var/lib/verify-db/mysql ]; then
  mysqld --no-defaults --initialize-insecure --datadir=/var/lib/verify-db
fi
# SQL string literal: double every quote, escape backslashes
pw=$(printf '%s' "$VERIFY_PASSWORD" | sed -e 's/\\/\\\\/g' -e "s/'/''/g")
umask 077
{
  for host in 127.0.0.1 localhost; do
    echo "CREATE USER IF NOT EXISTS '$VERIFY_USER'@'$host' IDENTIFIED BY '$pw';"
    echo "ALTER USER '$VERIFY_USER'@'$host' IDENTIFIED BY '$pw';"
    echo "GRANT ALL PRIVILEGES ON \`$VERIFY_SCHEMA\`.* TO '$VERIFY_USER'@'$host';"
  done
  echo "DROP USER IF EXISTS 'root'@'localhost', 'root'@'%';"
} > /run/verify-db/init.sql
echo "verification database initialised for $VERIFY_USER (schema $VERIFY_SCHEMA)"
