#!/bin/sh
# Init container: fills ${ORC_*} placeholders (pod FQDN) of the JSON template and writes the topology credentials
# file from the Secret (env) into a memory-only volume.
set -eu
umask 077
export ORC_POD_FQDN="${HOSTNAME}.${ORC_HEADLESS_SERVICE}.${POD_NAMESPACE}.svc"
awk '
function rep(s, k, v,   i, out) {
  out = ""
  while ((i = index(s, k)) > 0) { out = out substr(s, 1, i - 1) v; s = substr(s, i + length(k)) }
  return out s
}
{ line = $0
  for (name in ENVIRON) if (name ~ /^ORC_/) line = rep(line, "${" name "}", ENVIRON[name])
  print line }
' /config/orchestrator.conf.json > /run/orchestrator/orchestrator.conf.json
printf '[client]\nuser=%s\npassword=%s\n' "$TOPOLOGY_USER" "$TOPOLOGY_PASSWORD" > /run/orchestrator/topology.cnf
echo "orchestrator config rendered for $ORC_POD_FQDN"
