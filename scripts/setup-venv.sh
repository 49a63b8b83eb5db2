#!/usr/bin/env bash
# Creates .venv with Python 3.11+ and installs the pinned requirements file given
# (requirements.txt by default), every transitive dependency pinned by
# constraints.txt, then checks them with pip check. Re-running is cheap: it installs
# again only when the requirements or constraints files have changed.
set -euo pipefail
cd "$(dirname "$0")/.."
requirements="${1:-requirements.txt}"

python=""
for candidate in python3.11 python3.12 python3.13 python3; do
  if command -v "$candidate" >/dev/null 2>&1 &&
     "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
    python="$candidate"; break
  fi
done
[ -n "$python" ] || { echo "Python 3.11 or newer is needed (python3.11 not found)." >&2; exit 1; }

[ -x .venv/bin/python ] || "$python" -m venv .venv
stamp=".venv/.installed-$(basename "$requirements")"
digest="$(cat requirements*.txt constraints.txt | sha256sum | cut -c1-16)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$digest" ]; then
  # pip's exit status counts (a failed install stops here); only its noise is filtered.
  .venv/bin/python -m pip install --quiet --upgrade pip 2> >(grep -v "is ignored" >&2)
  .venv/bin/python -m pip install --quiet -r "$requirements" -c constraints.txt 2> >(grep -v "is ignored" >&2)
  .venv/bin/python -m pip check
  echo "$digest" > "$stamp"
fi
