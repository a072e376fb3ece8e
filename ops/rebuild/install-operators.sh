#!/usr/bin/env bash
# The cluster-wide pieces the Plumbline chart builds on, installed into an empty cluster (R3), each pinned:
# Envoy Gateway with the Gateway API CRDs it bundles (the admin console's HTTPRoute, gatewayClassName eg), cert-manager (TLS
# certificates), kube-prometheus-stack (prometheus-operator with its CRDs ServiceMonitor/PrometheusRule,
# Prometheus, Alertmanager, Grafana), metrics-server (the resource metrics the chart's HPAs scale on), Loki and
# Grafana Alloy (the log path: Alloy runs the chart's pipeline ConfigMap), and the Strimzi operator (Kafka in KRaft
# mode, KafkaTopic; 1.x serves only kafka.strimzi.io/v1, the API the chart renders).
# Idempotent: re-running upgrades in place. Versions come from the environment (rebuild.yml sets them).
set -euo pipefail

: "${ENVOY_GATEWAY_VERSION:?}" "${CERT_MANAGER_VERSION:?}" \
  "${KUBE_PROMETHEUS_STACK_VERSION:?}" "${STRIMZI_VERSION:?}" \
  "${METRICS_SERVER_VERSION:?}" "${LOKI_VERSION:?}" "${ALLOY_VERSION:?}"
here="$(cd "$(dirname "$0")" && pwd)"
namespace="${NAMESPACE:-plumbline}"

# the namespaces with their Pod Security labels (restricted for the chart's)
NAMESPACE="${namespace}" "${here}/../cluster/namespaces.sh"

helm upgrade --install eg oci://docker.io/envoyproxy/gateway-helm \
  --version "${ENVOY_GATEWAY_VERSION}" --namespace envoy-gateway-system --create-namespace \
  --atomic --wait --timeout 10m
kubectl apply -f - <<'YAML'
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata:
  name: eg
spec:
  controllerName: gateway.envoyproxy.io/gatewayclass-controller
YAML

helm upgrade --install cert-manager cert-manager \
  --repo https://charts.jetstack.io --version "${CERT_MANAGER_VERSION}" \
  --namespace cert-manager --create-namespace \
  --set crds.enabled=true --atomic --wait --timeout 10m

helm upgrade --install kube-prometheus-stack kube-prometheus-stack \
  --repo https://prometheus-community.github.io/helm-charts --version "${KUBE_PROMETHEUS_STACK_VERSION}" \
  --namespace monitoring --create-namespace --values "${here}/kube-prometheus-stack-values.yaml" \
  --atomic --wait --timeout 15m

helm upgrade --install metrics-server metrics-server \
  --repo https://kubernetes-sigs.github.io/metrics-server --version "${METRICS_SERVER_VERSION}" \
  --namespace kube-system --atomic --wait --timeout 10m

helm upgrade --install loki loki \
  --repo https://grafana.github.io/helm-charts --version "${LOKI_VERSION}" \
  --namespace monitoring --values "${here}/loki-values.yaml" --atomic --wait --timeout 15m

helm upgrade --install alloy alloy \
  --repo https://grafana.github.io/helm-charts --version "${ALLOY_VERSION}" \
  --namespace monitoring --values "${here}/alloy-values.yaml" --atomic --wait --timeout 10m

helm upgrade --install strimzi oci://quay.io/strimzi-helm/strimzi-kafka-operator \
  --version "${STRIMZI_VERSION}" \
  --namespace strimzi --create-namespace \
  --set "watchNamespaces={${namespace}}" --atomic --wait --timeout 10m

kubectl wait --for=condition=Established --timeout=2m \
  crd/kafkas.kafka.strimzi.io crd/kafkanodepools.kafka.strimzi.io crd/kafkatopics.kafka.strimzi.io \
  crd/servicemonitors.monitoring.coreos.com crd/podmonitors.monitoring.coreos.com \
  crd/prometheusrules.monitoring.coreos.com \
  crd/certificates.cert-manager.io crd/httproutes.gateway.networking.k8s.io
