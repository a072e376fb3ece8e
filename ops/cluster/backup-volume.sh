#!/usr/bin/env bash
# The NFS export backup-worker writes its dumps to, as a PersistentVolume (cluster-scoped: applied with the cluster
# credential), pre-bound to the chart's PVC <release>-backups (backupWorker.volume.volumeName) in the app namespace.
# The pods mount the PVC, never an inline nfs: volume (Pod Security's restricted level refuses those). Retain:
# deleting the claim never deletes the backups.
# Usage: backup-volume.sh   (env: NFS_SERVER, NFS_PATH, NAMESPACE, RELEASE, SIZE)
set -euo pipefail

: "${NFS_SERVER:?the NFS server of the backup export}" "${NFS_PATH:?the exported path}"
namespace="${NAMESPACE:-plumbline}"
release="${RELEASE:-plumbline}"

kubectl apply -f - <<YAML
apiVersion: v1
kind: PersistentVolume
metadata:
  name: ${release}-backups
  labels:
    app.kubernetes.io/part-of: plumbline
spec:
  capacity:
    storage: ${SIZE:-500Gi}
  accessModes: [ReadWriteMany]
  persistentVolumeReclaimPolicy: Retain
  storageClassName: ""
  mountOptions: [nfsvers=4.1, hard]
  nfs:
    server: ${NFS_SERVER}
    path: ${NFS_PATH}
  claimRef:
    namespace: ${namespace}
    name: ${release}-backups
YAML
