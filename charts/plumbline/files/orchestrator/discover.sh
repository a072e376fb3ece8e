#!/bin/sh
# Registers every MySQL server with the local orchestrator once its API answers (bounded: 10 minutes).
# Orchestrator then follows the topology by itself; re-running is harmless.
i=0
for server in $MYSQL_SERVERS; do
  until curl -fsS -o /dev/null "http://127.0.0.1:3000/api/discover/$server/3306"; do
    i=$((i + 1)); [ "$i" -ge 120 ] && { echo "discover: gave up on $server" >&2; exit 0; }
    sleep 5
  done
  echo "discover: $server registered" >&2
done
