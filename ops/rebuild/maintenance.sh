#!/usr/bin/env bash
# Start or end booking maintenance through status-projector's maintenance API while the platform is rebuilt
# (docs/runbooks/maintenance.md): new bookings are refused, look-ups keep working.
# Usage: maintenance.sh start|end   (env: RELEASE, NAMESPACE, CONSOLE_USER, CONSOLE_PASSWORD)
set -euo pipefail

action="${1:?start or end}"
release="${RELEASE:-plumbline}"
namespace="${NAMESPACE:-plumbline}"
: "${CONSOLE_USER:?console admin account}" "${CONSOLE_PASSWORD:?console admin password}"

deploy=$(kubectl -n "${namespace}" get deployments -l "app.kubernetes.io/instance=${release}" -o name | grep status-projector)
port=$(kubectl -n "${namespace}" get "${deploy}" \
  -o jsonpath='{.spec.template.spec.containers[0].ports[?(@.name=="http")].containerPort}')
kubectl -n "${namespace}" port-forward "${deploy}" "18082:${port:-8082}" >/dev/null 2>&1 &
forward=$!
trap 'kill "${forward}" 2>/dev/null || true' EXIT
for _ in $(seq 1 20); do
  curl -fsS --max-time 3 -o /dev/null http://127.0.0.1:18082/actuator/health/liveness && break
  sleep 1
done

case "${action}" in
  start)
    body='{"reason":{"ko":"시스템 복구 중입니다. 예약 조회는 가능합니다.","en":"The system is being restored. Look-ups still work."}}'
    code=$(curl -sS -o /tmp/maintenance.json -w '%{http_code}' -u "${CONSOLE_USER}:${CONSOLE_PASSWORD}" \
      -X POST http://127.0.0.1:18082/api/maintenance/bookings/start -H 'Content-Type: application/json' -d "${body}")
    ;;
  end)
    code=$(curl -sS -o /tmp/maintenance.json -w '%{http_code}' -u "${CONSOLE_USER}:${CONSOLE_PASSWORD}" \
      -X POST http://127.0.0.1:18082/api/maintenance/bookings/end)
    # 409: it was already OFF, which is the state we want
    if [ "${code}" = 409 ]; then code=200; fi
    ;;
  *) echo "unknown action ${action}" >&2; exit 2 ;;
esac

cat /tmp/maintenance.json; echo
[ "${code}" = 200 ] || { echo "maintenance ${action} answered HTTP ${code}" >&2; exit 1; }
