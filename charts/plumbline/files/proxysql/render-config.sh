#!/bin/sh
# Fills the PROXYSQL_* placeholders of the ConfigMap's template from the environment (secretKeyRef) into a
# memory-only volume. Literal replacement (no regex, no shell expansion of the values).
set -eu
umask 077
awk '
function rep(s, k, v,   i, out) {
  out = ""
  while ((i = index(s, k)) > 0) { out = out substr(s, 1, i - 1) v; s = substr(s, i + length(k)) }
  return out s
}
{ line = $0
  for (name in ENVIRON) if (name ~ /^PROXYSQL_/) line = rep(line, "${" name "}", ENVIRON[name])
  if (line ~ /\$\{PROXYSQL_/) { print "unfilled placeholder on line " NR > "/dev/stderr"; exit 1 }
  print line }
' /config/proxysql.cnf > /run/proxysql/proxysql.cnf
echo "proxysql.cnf rendered"
