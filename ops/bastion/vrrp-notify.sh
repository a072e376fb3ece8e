#!/usr/bin/env bash
# keepalived notify script: called with TYPE NAME STATE PRIORITY on every VRRP state change. Logs the change
# and publishes it for Prometheus through node_exporter's textfile collector as keepalived_vrrp_state
# (0 INIT, 1 BACKUP, 2 MASTER, 3 FAULT, 4 STOP) — status-projector's "VIP ENTRYPOINT" card queries that metric.
set -euo pipefail

type="${1:-INSTANCE}" name="${2:-unknown}" state="${3:-UNKNOWN}" priority="${4:-0}"
dir="${TEXTFILE_DIR:-/var/lib/prometheus/node-exporter}"

case "${state}" in
  MASTER) value=2 ;; BACKUP) value=1 ;; FAULT) value=3 ;; STOP) value=4 ;; *) value=0 ;;
esac

logger -t keepalived-notify "${type} ${name} is now ${state} (priority ${priority})" || true

tmp=$(mktemp "${dir}/.keepalived.prom.XXXXXX")
{
  echo "# HELP keepalived_vrrp_state VRRP state of this node: 0 INIT, 1 BACKUP, 2 MASTER, 3 FAULT, 4 STOP."
  echo "# TYPE keepalived_vrrp_state gauge"
  echo "keepalived_vrrp_state{iname=\"${name}\",host=\"$(hostname -s)\"} ${value}"
  echo "# HELP keepalived_vrrp_state_change_timestamp_seconds When this node last changed VRRP state."
  echo "# TYPE keepalived_vrrp_state_change_timestamp_seconds gauge"
  echo "keepalived_vrrp_state_change_timestamp_seconds{iname=\"${name}\",host=\"$(hostname -s)\"} $(date +%s)"
} > "${tmp}"
chmod 0644 "${tmp}"
mv -f "${tmp}" "${dir}/keepalived.prom"
