#!/usr/bin/env bash
# Creates the platform's namespaces with the Pod Security level each meets (admission enforces it): the chart's
# namespaces run only `restricted` pods (PodSecurityTest checks every rendered pod); monitoring holds
# kube-prometheus-stack's node-exporter (hostNetwork, hostPID, hostPath), which only `privileged` admits, so there
# restricted is warned and audited, not enforced. Needs the cluster credential (namespaces are cluster-scoped).
# Usage: namespaces.sh   (env: NAMESPACE, DATA_NAMESPACE, MONITORING_NAMESPACE, PSS_VERSION)
set -euo pipefail

namespace="${NAMESPACE:-plumbline}"
data="${DATA_NAMESPACE:-${namespace}}"
monitoring="${MONITORING_NAMESPACE:-monitoring}"
version="${PSS_VERSION:-v1.30}"   # the chart's minimum Kubernetes version (Chart.yaml kubeVersion)

label() {
  kubectl create namespace "$1" --dry-run=client -o yaml | kubectl apply -f -
  kubectl label namespace "$1" --overwrite \
    "pod-security.kubernetes.io/enforce=$2" "pod-security.kubernetes.io/enforce-version=${version}" \
    "pod-security.kubernetes.io/warn=restricted" "pod-security.kubernetes.io/warn-version=${version}" \
    "pod-security.kubernetes.io/audit=restricted" "pod-security.kubernetes.io/audit-version=${version}"
}

for ns in $(printf '%s\n' "${namespace}" "${data}" | sort -u); do
  label "${ns}" restricted
done
label "${monitoring}" privileged
