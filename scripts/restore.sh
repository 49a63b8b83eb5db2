#!/usr/bin/env bash
# Restores a backup made by scripts/backup.sh into the app's database, replacing what is there.
#
#   systemctl stop feedback          # nothing may write while the database is replaced
#   scripts/restore.sh /var/backups/feedback/feedback-20261124T021500Z.dump
#   systemctl start feedback
#
# The database is the app's: DATABASE_URL, or the SQLite file instance/feedback.sqlite3.
# - PostgreSQL: pg_restore --clean --if-exists in one transaction: every table of the backup
#   is dropped and made again with the backup's rows, or, on any error, nothing changes.
#   Run it as the role that owns the app's tables (the one in DATABASE_URL).
# - SQLite: the backup is checked (PRAGMA integrity_check), then copied into the database
#   through SQLite's backup API, which replaces every page and keeps the -wal and -shm files
#   beside the database consistent. Stop the app first.
# Afterwards run `flask --app feedback_app db upgrade` if the backup is older than the code.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-$root/.venv/bin/python}"
[ -x "$python" ] || python="$(command -v python3)"

file="${1:-}"
if [ -z "$file" ] || [ "$#" -ne 1 ]; then
  echo "usage: $0 FILE   (a backup made by scripts/backup.sh)" >&2
  exit 2
fi
[ -f "$file" ] || { echo "restore.sh: no such file: $file" >&2; exit 1; }

url="${DATABASE_URL:-sqlite:///$root/instance/feedback.sqlite3}"

case "$url" in
  postgres://*|postgresql://*|postgresql+*://*)
    libpq_url="postgresql://${url#*://}"
    pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error \
      --dbname="$libpq_url" "$file" ;;
  sqlite:///*)
    path="${url#sqlite:///}"
    path="${path%%\?*}"
    mkdir -p "$(dirname "$path")"
    "$python" - "$file" "$path" <<'PY'
import sqlite3
import sys

backup, target = sys.argv[1], sys.argv[2]
with sqlite3.connect(f"file:{backup}?mode=ro", uri=True) as source:
    result = source.execute("PRAGMA integrity_check").fetchone()[0]
    if result != "ok":
        sys.exit(f"restore.sh: {backup} failed SQLite's integrity check: {result}; nothing was changed")
    with sqlite3.connect(target) as live:
        live.execute("PRAGMA busy_timeout=10000")
        source.backup(live)  # every page of the database replaced, in one go
        live.execute("PRAGMA wal_checkpoint(TRUNCATE)")
PY
    ;;
  *)
    echo "restore.sh: cannot restore into DATABASE_URL of this kind: ${url%%:*}://..." >&2
    exit 2 ;;
esac
echo "restored $file"
