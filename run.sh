#!/usr/bin/env bash
# Sets everything up and runs the app on SQLite at http://127.0.0.1:5000
# (PORT=8000 ./run.sh for another port). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup-venv.sh requirements.txt
export FLASK_APP=feedback_app
.venv/bin/flask db upgrade
.venv/bin/flask demo load
port="${PORT:-5000}"
# The address printed on invitation cards and paper forms (never taken from a request).
export PUBLIC_BASE_URL="${PUBLIC_BASE_URL:-http://127.0.0.1:$port}"
echo
echo "Open http://127.0.0.1:$port/ to see the questionnaires, for example:"
echo "  http://127.0.0.1:$port/q/cp-conference-parent       (parents after a child protection conference)"
echo "  http://127.0.0.1:$port/q/lac-review-child/young     (children under 8 in care, after their review)"
echo "  http://127.0.0.1:$port/q/lac-review-child/paged     (one question a page, for phones)"
echo "Staff pages: http://127.0.0.1:$port/staff/ after making an account with"
echo "  .venv/bin/flask --app feedback_app users create you@example.org --role admin"
echo
exec .venv/bin/flask run --host 127.0.0.1 --port "$port"
