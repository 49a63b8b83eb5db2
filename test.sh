#!/usr/bin/env bash
# Sets up and runs every test: unit and integration tests on SQLite, then browser tests (SQLite)
# beside everything but the browser tests again on PostgreSQL.
#
# Chromium (Debian's package) is installed with apt-get where that is possible.
# Without Chromium the browser tests skip, and without a PostgreSQL server on
# 127.0.0.1:5432 the PostgreSQL run is skipped, each saying why; under CI
# (CI=true) both are mandatory and their absence fails the run.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup-venv.sh requirements-dev.txt

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's Chromium for the browser tests..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) ||
      echo "Could not install Chromium; browser tests will skip (or fail under CI)."
  else
    echo "Chromium is not installed and cannot be installed here (needs root and apt-get): browser tests will skip."
  fi
fi

# pdftoppm and pdftotext (poppler-utils) render the invitation cards and paper forms in
# their tests; without them those tests skip.
if ! command -v pdftoppm >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null) ||
    echo "Could not install poppler-utils; the PDF rendering tests will skip."
fi

.venv/bin/ruff check feedback_app forms analysis tests bench

# Three runs: everything but the browser tests on SQLite; then, side by side, the browser tests
# (on SQLite: they do not depend on the database, and spend most of their time waiting for
# Chromium) and everything but the browser tests on PostgreSQL. Side by side they fill the
# two cores; one after the other the whole took over 25 minutes.

# pytest's exit status 5 means the arguments chose none of that run's tests (./test.sh tests/forms
# has no browser test): not a failure.
pytest_run() {
  local status=0
  .venv/bin/python -m pytest -q "$@" || status=$?
  if [ "$status" = 5 ]; then status=0; fi
  return "$status"
}

echo "== Tests on SQLite, all but the browser tests =="
pytest_run -m "not browser" "$@"

postgres_url="${TEST_POSTGRES_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/postgres}"
run_postgres=no
if [ "${CI:-}" = "true" ] || .venv/bin/python -c "
import sys, sqlalchemy
try:
    sqlalchemy.create_engine('$postgres_url').connect().close()
except Exception:
    sys.exit(1)" 2>/dev/null; then
  run_postgres=yes
fi

browser_log="$(mktemp)"
trap 'rm -f "$browser_log"' EXIT
echo "== Browser tests (SQLite) run beside the PostgreSQL run; their output follows it =="
pytest_run -m browser "$@" >"$browser_log" 2>&1 &
browser_pid=$!

postgres_status=0
if [ "$run_postgres" = yes ]; then
  echo "== Tests on PostgreSQL, all but the browser tests =="
  # The hostile-request fuzz sends 10,000 requests in the SQLite pass; on PostgreSQL a quarter of
  # them (every public route still at least 12 times) checks what only PostgreSQL refuses (NUL).
  # The staff pages' fuzz likewise: 16 examples a page instead of 40, each role still at least 8.
  FUZZ_EXAMPLES="${FUZZ_EXAMPLES:-2500}" FUZZ_STAFF_EXAMPLES="${FUZZ_STAFF_EXAMPLES:-16}" \
    TEST_DATABASE=postgresql TEST_POSTGRES_URL="$postgres_url" \
    pytest_run -m "not browser" "$@" || postgres_status=$?
else
  echo "== PostgreSQL tests skipped: no server at $postgres_url (set TEST_POSTGRES_URL) =="
fi

browser_status=0
wait "$browser_pid" || browser_status=$?
echo "== Browser tests (SQLite) =="
cat "$browser_log"
if [ "$postgres_status" != 0 ] || [ "$browser_status" != 0 ]; then
  echo "Failed: PostgreSQL run exit $postgres_status, browser run exit $browser_status"
  exit 1
fi
