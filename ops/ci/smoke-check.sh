#!/usr/bin/env bash
# After a deploy: every Deployment of the release is rolled out and answers its readiness group
# (/actuator/health/readiness, on the management port) with UP. Goes through `kubectl port-forward` (kubelet into the pod), so the
# namespace's default-deny NetworkPolicies need no hole for it.
# Usage: smoke-check.sh   (env: RELEASE, NAMESPACE)
set -euo pipefail

release="${RELEASE:-plumbline}"
namespace="${NAMESPACE:-plumbline}"
local_port=18000
failed=0

deployments=$(kubectl -n "${namespace}" get deployments -l "app.kubernetes.io/instance=${release}" -o name)
if [ -z "${deployments}" ]; then
  echo "no Deployment labelled app.kubernetes.io/instance=${release} in ${namespace}" >&2
  exit 1
fi

for deploy in ${deployments}; do
  kubectl -n "${namespace}" rollout status "${deploy}" --timeout=5m
  port=$(kubectl -n "${namespace}" get "${deploy}" \
    -o jsonpath='{.spec.template.spec.containers[0].ports[?(@.name=="management")].containerPort}')
  if [ -z "${port}" ]; then
    echo "${deploy}: no container port named management; not a Plumbline service, skipped"
    continue
  fi
  local_port=$((local_port + 1))
  kubectl -n "${namespace}" port-forward "${deploy}" "${local_port}:${port}" >/dev/null 2>&1 &
  forward=$!
  status=""
  for _ in $(seq 1 30); do
    status=$(curl -fsS --max-time 5 "http://127.0.0.1:${local_port}/actuator/health/readiness" 2>/dev/null || true)
    case "${status}" in *'"status":"UP"'*) break ;; esac
    sleep 2
  done
  kill "${forward}" 2>/dev/null || true
  wait "${forward}" 2>/dev/null || true
  case "${status}" in
    *'"status":"UP"'*) echo "${deploy}: readiness UP" ;;
    *) echo "${deploy}: readiness not UP: ${status:-no answer}" >&2; failed=1 ;;
  esac
done

exit "${failed}"
