#!/usr/bin/env bash
# The cluster-wide pieces the Plumbline chart builds on, installed into an empty cluster (R3), each pinned:
# Gateway API CRDs (the admin console's HTTPRoute), cert-manager (TLS certificates), the prometheus-operator
# CRDs (ServiceMonitor, PrometheusRule), and the Strimzi operator (Kafka in KRaft mode, KafkaTopic).
# Idempotent: re-running upgrades in place. Versions come from the environment (rebuild.yml sets them).
set -euo pipefail

: "${GATEWAY_API_VERSION:?}" "${CERT_MANAGER_VERSION:?}" "${PROMETHEUS_OPERATOR_CRDS_VERSION:?}" "${STRIMZI_VERSION:?}"
namespace="${NAMESPACE:-plumbline}"

kubectl create namespace "${namespace}" --dry-run=client -o yaml | kubectl apply -f -

kubectl apply --server-side -f \
  "https://github.com/kubernetes-sigs/gateway-api/releases/download/${GATEWAY_API_VERSION}/standard-install.yaml"

helm upgrade --install cert-manager cert-manager \
  --repo https://charts.jetstack.io --version "${CERT_MANAGER_VERSION}" \
  --namespace cert-manager --create-namespace \
  --set crds.enabled=true --atomic --wait --timeout 10m

helm upgrade --install prometheus-operator-crds prometheus-operator-crds \
  --repo https://prometheus-community.github.io/helm-charts --version "${PROMETHEUS_OPERATOR_CRDS_VERSION}" \
  --namespace monitoring --create-namespace --atomic --wait --timeout 5m

helm upgrade --install strimzi oci://quay.io/strimzi-helm/strimzi-kafka-operator \
  --version "${STRIMZI_VERSION}" \
  --namespace strimzi --create-namespace \
  --set "watchNamespaces={${namespace}}" --atomic --wait --timeout 10m

kubectl wait --for=condition=Established --timeout=2m \
  crd/kafkas.kafka.strimzi.io crd/kafkatopics.kafka.strimzi.io \
  crd/servicemonitors.monitoring.coreos.com crd/prometheusrules.monitoring.coreos.com \
  crd/certificates.cert-manager.io crd/httproutes.gateway.networking.k8s.io
