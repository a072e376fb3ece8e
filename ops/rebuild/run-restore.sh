#!/usr/bin/env bash
# Restores the newest verified backup into the rebuilt primary: a one-off Job that reuses the backup-worker
# CronJob's pod template (so it mounts the very same NFS backup volume, security context and service account) but
# runs restore-latest.sh with the MySQL client, labelled as the chart's "restore" component (its NetworkPolicy
# reaches every MySQL server's 3306; backup-worker's reaches only the replica it dumps), without the worker's
# scratch-database sidecar,
# as the chart's DBA account plumbline_admin (a restore replays DDL, routines and GTID state: an administrative
# action, as in docs/runbooks/restore.md). No root.
# Usage: run-restore.sh   (env: RELEASE, NAMESPACE, RESTORE_IMAGE, DB_HOST, DB_PORT, DB_USER, DB_SECRET,
#                          DB_PASSWORD_KEY, BACKUP)
set -euo pipefail

release="${RELEASE:-plumbline}"
namespace="${NAMESPACE:-plumbline}"
image="${RESTORE_IMAGE:-docker.io/library/mysql:8.4.5}"   # the chart's mysql.image: same client as the server
db_secret="${DB_SECRET:-plumbline-db-accounts}"               # the chart's secrets.database
# the primary, never the backup's source: backup-worker dumps from the replica, which is read_only. After a rebuild
# pod 0 of the MySQL StatefulSet is the primary; after a failover pass the current one (orchestrator-client -c which-cluster-master).
db_host="${DB_HOST:-${release}-mysql-0.${release}-mysql-headless.${namespace}.svc}"
job="${release}-restore-$(date -u +%Y%m%d%H%M%S)"
here="$(cd "$(dirname "$0")" && pwd)"

cronjob=$(kubectl -n "${namespace}" get cronjobs -l "app.kubernetes.io/instance=${release}" -o name | grep backup-worker)
kubectl -n "${namespace}" create configmap "${job}" --from-file=restore-latest.sh="${here}/restore-latest.sh"

# keep the pod template's volumes, security context and service account; swap the container for the restore
kubectl -n "${namespace}" get "${cronjob}" -o json | jq \
  --arg name "${job}" --arg image "${image}" --arg host "${db_host}" --arg port "${DB_PORT:-3306}" \
  --arg user "${DB_USER:-plumbline_admin}" --arg secret "${db_secret}" --arg key "${DB_PASSWORD_KEY:-admin-password}" \
  --arg backup "${BACKUP:-}" '
  .spec.jobTemplate.spec.template as $tpl
  | ($tpl.spec.containers[0]) as $worker
  | ($worker.env // []) as $env
  | ($env | map(select(.name == "PLUMBLINE_BACKUP_TARGET")) | .[0].value // "/var/backups/plumbline") as $dir
  | {
      apiVersion: "batch/v1", kind: "Job",
      metadata: {name: $name, labels: {"app.kubernetes.io/instance": .metadata.labels["app.kubernetes.io/instance"],
                                        "app.kubernetes.io/component": "restore"}},
      spec: {
        backoffLimit: 0, ttlSecondsAfterFinished: 86400, activeDeadlineSeconds: 3600,
        template: {
          metadata: {labels: (($tpl.metadata.labels // {}) + {"app.kubernetes.io/name": "restore"}
                              | del(.["app.kubernetes.io/component"]))},
          spec: ($tpl.spec + {
            restartPolicy: "Never",
            initContainers: [],
            volumes: (($tpl.spec.volumes // []) + [{name: "restore-script", configMap: {name: $name, defaultMode: 365}}]),
            containers: [{
              name: "restore", image: $image,
              command: ["/bin/sh", "/restore/restore-latest.sh"],
              env: [
                {name: "BACKUP_DIR", value: $dir}, {name: "BACKUP", value: $backup},
                {name: "DB_HOST", value: $host}, {name: "DB_PORT", value: $port}, {name: "DB_NAME", value: "booking"},
                {name: "DB_USER", value: $user},
                {name: "MYSQL_PWD", valueFrom: {secretKeyRef: {name: $secret, key: $key}}}
              ],
              volumeMounts: (($worker.volumeMounts // []) + [{name: "restore-script", mountPath: "/restore", readOnly: true}]),
              securityContext: ($worker.securityContext // {}),
              resources: {requests: {cpu: "250m", memory: "256Mi"}, limits: {memory: "512Mi"}}
            }]
          })
        }
      }
    }' | kubectl -n "${namespace}" apply -f -

# wait for success or failure, whichever comes first (kubectl wait would sit out a failed Job's timeout)
outcome=""
for _ in $(seq 1 720); do
  outcome=$(kubectl -n "${namespace}" get "job/${job}" \
    -o jsonpath='{range .status.conditions[?(@.status=="True")]}{.type}{" "}{end}')
  case "${outcome}" in *Complete*|*Failed*) break ;; esac
  sleep 5
done
kubectl -n "${namespace}" logs "job/${job}" --tail=500 || true
case "${outcome}" in
  *Complete*) echo "restore job ${job} completed" ;;
  *) echo "restore job ${job} did not complete (${outcome:-timed out}); finish by hand: docs/runbooks/restore.md" >&2
     exit 1 ;;
esac
