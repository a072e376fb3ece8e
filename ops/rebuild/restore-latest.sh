#!/bin/sh
# Runs inside the restore Job (an image with the mysql or mariadb client, gzip and sha256sum): restores the newest *verified* backup from the
# backup volume into the booking schema, exactly as docs/runbooks/restore.md steps 1-4, then checks every
# table's row count against the backup's manifest. POSIX sh: the mariadb image has no bash-only guarantees.
# env: BACKUP_DIR, DB_HOST, DB_PORT, DB_USER, MYSQL_PWD (read by the client), DB_NAME, BACKUP (optional base name)
set -eu

dir="${BACKUP_DIR:-/var/backups/plumbline}"
db="${DB_NAME:-booking}"
tool=$(command -v mariadb || command -v mysql)
client="${tool} --host=${DB_HOST:?} --port=${DB_PORT:-3306} --user=${DB_USER:?} --batch --skip-column-names"

# 1. pick the backup: the one asked for, or the newest with a .verified marker (never a *.partial)
if [ -n "${BACKUP:-}" ]; then
  base="${dir}/${BACKUP}"
else
  marker=""
  for f in "${dir}"/plumbing_db_*.verified; do   # the glob sorts by name, i.e. by time
    if [ -e "${f}" ]; then marker="${f}"; fi
  done
  [ -n "${marker}" ] || { echo "no verified backup in ${dir}" >&2; exit 1; }
  base="${marker%.verified}"
fi
echo "restoring ${base}"

# 2. intact: sha256 as in the manifest, gzip stream complete
manifest=$(tr -d '\n\r\t ' < "${base}.manifest.json")
expected=$(printf '%s' "${manifest}" | sed -n 's/.*"sha256":"\([0-9a-f]\{64\}\)".*/\1/p')
actual=$(sha256sum "${base}.sql.gz" | cut -d' ' -f1)
if [ -z "${expected}" ] || [ "${expected}" != "${actual}" ]; then
  echo "sha256 mismatch: manifest ${expected:-none}, file ${actual}; take the previous verified backup" >&2
  exit 1
fi
gzip -t "${base}.sql.gz"

# 3-4. into the live schema (the platform is in maintenance; a freshly rebuilt schema holds no bookings)
gunzip -c "${base}.sql.gz" | ${client} "${db}"

# verify: per-table row counts equal the manifest's tableRowCounts
counts=$(printf '%s' "${manifest}" | sed -n 's/.*"tableRowCounts":{\([^}]*\)}.*/\1/p' | tr ',' '\n')
[ -n "${counts}" ] || { echo "manifest has no tableRowCounts" >&2; exit 1; }
failed=0
for entry in ${counts}; do
  table=$(printf '%s' "${entry}" | sed 's/^"\([^"]*\)":.*/\1/')
  want=${entry##*:}
  got=$(${client} -e "SELECT COUNT(*) FROM \`${db}\`.\`${table}\`")
  if [ "${got}" = "${want}" ]; then echo "ok ${table} ${got}"; else echo "MISMATCH ${table}: ${got} rows, manifest ${want}" >&2; failed=1; fi
done
exit "${failed}"
