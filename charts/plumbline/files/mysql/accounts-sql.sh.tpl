#!/bin/sh
# Sourced by init-server.sh (every MySQL start, before the server accepts clients) and by the accounts Job (every
# release, on the writer): accounts_sql prints the SQL that makes the schemas and the accounts exactly what
# database.accounts says: created if missing, the password the Secret holds, every other privilege revoked. Passwords
# come from env (PW_<SECRET_KEY>, secretKeyRef); nothing secret is in this file.
sql_string() { printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e "s/'/''/g"; }
accounts_sql() {
  for schema in booking status alerting plumbline_probe; do
    echo "CREATE DATABASE IF NOT EXISTS \`$schema\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
  done
  echo "CREATE TABLE IF NOT EXISTS plumbline_probe.write_probe (id VARCHAR(64) PRIMARY KEY, written_at TIMESTAMP(6) NOT NULL);"
{{- range .Values.database.accounts }}
{{- $account := . }}
  pw=$(sql_string "$(printenv PW_{{ .secretKey | upper | replace "-" "_" }})")
  echo "CREATE USER IF NOT EXISTS '{{ .name }}'@'%' IDENTIFIED WITH {{ .authPlugin | default "caching_sha2_password" }} BY '$pw';"
  echo "ALTER USER '{{ .name }}'@'%' IDENTIFIED WITH {{ .authPlugin | default "caching_sha2_password" }} BY '$pw'{{ with .maxUserConnections }} WITH MAX_USER_CONNECTIONS {{ . }}{{ end }};"
  echo "REVOKE ALL PRIVILEGES, GRANT OPTION FROM '{{ .name }}'@'%';"
{{- range .grants }}
  echo "GRANT {{ . | replace "`" "\\`" }} TO '{{ $account.name }}'@'%';"
{{- end }}
{{- end }}
}
