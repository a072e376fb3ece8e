#!/usr/bin/env bash
# keepalived track script (chk_apiserver): this node may hold the API VIP only while the API answers /healthz
# through its local HAProxy (:8443), and — when it holds the VIP — through the VIP as well.
set -u
vip="${API_VIP:-10.0.20.10}"
port="${API_PORT:-8443}"

curl -sfk --max-time 2 -o /dev/null "https://127.0.0.1:${port}/healthz" || exit 1
if ip -o addr show | grep -qw "${vip}"; then
  curl -sfk --max-time 2 -o /dev/null "https://${vip}:${port}/healthz" || exit 1
fi
exit 0
