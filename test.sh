#!/usr/bin/env bash
# Sets up and runs every test: unit, integration and browser tests on SQLite,
# then everything but the browser tests again on PostgreSQL.
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

echo "== Tests on SQLite =="
.venv/bin/python -m pytest -q "$@"

postgres_url="${TEST_POSTGRES_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/postgres}"
if [ "${CI:-}" = "true" ] || .venv/bin/python -c "
import sys, sqlalchemy
try:
    sqlalchemy.create_engine('$postgres_url').connect().close()
except Exception:
    sys.exit(1)" 2>/dev/null; then
  echo "== Tests on PostgreSQL (browser tests ran above; they do not depend on the database) =="
  TEST_DATABASE=postgresql TEST_POSTGRES_URL="$postgres_url" .venv/bin/python -m pytest -q -m "not browser" "$@"
else
  echo "== PostgreSQL tests skipped: no server at $postgres_url (set TEST_POSTGRES_URL) =="
fi
