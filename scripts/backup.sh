#!/usr/bin/env bash
# Backs up the app's database to DEST: a file, or a folder (a dated file is made in it).
#
#   scripts/backup.sh /var/backups/feedback            # prints the path of the file it made
#   scripts/backup.sh /var/backups/feedback/today.dump
#
# The database is the app's: DATABASE_URL, or the SQLite file instance/feedback.sqlite3.
# - PostgreSQL (postgresql+psycopg://..., postgresql://..., postgres://...): pg_dump's custom
#   format (-Fc, compressed, restored with pg_restore), one consistent snapshot taken while
#   the app keeps running. Needs the PostgreSQL client tools of the server's major version.
# - SQLite (sqlite:///path): SQLite's online backup API through Python's sqlite3 module,
#   a consistent copy taken while the app keeps running; no sqlite3 command needed.
# Either way the copy is then checked (pg_restore --list; PRAGMA integrity_check) and only
# then given its final name, so a failed backup never leaves a file that looks good.
#
# Backups hold what people wrote, contact details and safeguarding notes: they are made
# readable by their owner only (umask 077). Keep them no longer than the retention policy
# allows (see docs/deployment.md, "Backups"): BACKUP_KEEP_DAYS=N deletes this script's own
# backups in a DEST folder that are older than N days.
set -euo pipefail
umask 077
root="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-$root/.venv/bin/python}"
[ -x "$python" ] || python="$(command -v python3)"

dest="${1:-}"
if [ -z "$dest" ] || [ "$#" -ne 1 ]; then
  echo "usage: $0 DEST   (a folder, or the file to write)" >&2
  exit 2
fi

url="${DATABASE_URL:-sqlite:///$root/instance/feedback.sqlite3}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"

case "$url" in
  postgres://*|postgresql://*|postgresql+*://*)
    kind=postgresql
    # libpq does not know SQLAlchemy's driver suffix: postgresql+psycopg:// -> postgresql://
    libpq_url="postgresql://${url#*://}"
    suffix=dump ;;
  sqlite:///*)
    kind=sqlite
    path="${url#sqlite:///}"
    path="${path%%\?*}"
    suffix=sqlite3 ;;
  *)
    echo "backup.sh: cannot back up DATABASE_URL of this kind: ${url%%:*}://..." >&2
    exit 2 ;;
esac

if [ -d "$dest" ]; then
  file="$dest/feedback-$stamp.$suffix"
else
  mkdir -p "$(dirname "$dest")"
  file="$dest"
fi
partial="$file.partial"
trap 'rm -f "$partial"' EXIT

if [ "$kind" = postgresql ]; then
  # Ownership and grants are left out: restore as the role that owns the app's tables.
  pg_dump --format=custom --no-owner --no-privileges --file="$partial" --dbname="$libpq_url"
  pg_restore --list "$partial" >/dev/null
else
  [ -f "$path" ] || { echo "backup.sh: no SQLite database at $path" >&2; exit 1; }
  "$python" - "$path" "$partial" <<'PY'
import sqlite3
import sys

source, target = sys.argv[1], sys.argv[2]
with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as live, sqlite3.connect(target) as copy:
    live.execute("PRAGMA busy_timeout=10000")
    live.backup(copy)  # page by page, a consistent snapshot even while the app writes
    copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    result = copy.execute("PRAGMA integrity_check").fetchone()[0]
    if result != "ok":
        sys.exit(f"backup.sh: the copy failed SQLite's integrity check: {result}")
PY
fi

mv "$partial" "$file"
trap - EXIT
echo "$file"

if [ -n "${BACKUP_KEEP_DAYS:-}" ] && [ -d "$dest" ]; then
  find "$dest" -maxdepth 1 -type f -name "feedback-*.$suffix" -mtime "+$BACKUP_KEEP_DAYS" -delete
fi
