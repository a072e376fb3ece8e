#!/usr/bin/env bash
# helm upgrade --install of one released chart version into the current kube context, all or nothing:
# --atomic rolls back when the release does not become ready within the timeout.
# Usage: deploy.sh VERSION VALUES_FILE   (env: CHART_REF, RELEASE, NAMESPACE, HELM_TIMEOUT)
set -euo pipefail

version="${1:?chart version, e.g. 1.4.0}"
values="${2:?values file for this environment}"
chart="${CHART_REF:?oci://ghcr.io/<owner>/charts/plumbline}"
release="${RELEASE:-plumbline}"
namespace="${NAMESPACE:-plumbline}"

helm upgrade --install "${release}" "${chart}" \
  --version "${version}" \
  --namespace "${namespace}" --create-namespace \
  --values "${values}" \
  --atomic --wait --wait-for-jobs --timeout "${HELM_TIMEOUT:-15m}" \
  --history-max 10

helm status "${release}" --namespace "${namespace}"
