#!/usr/bin/env bash
# Refreshes feedback_app/static/govuk from the npm package govuk-frontend.
# The built files are committed, so running the app needs only Python; this is
# for upgrading GOV.UK Frontend. The CSS is compiled with Arial instead of the
# GDS Transport font, which only GOV.UK services may use.
set -euo pipefail
VERSION="${GOVUK_FRONTEND_VERSION:-6.3.0}"   # matches govuk-frontend-jinja 4.1.0
here="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --silent "govuk-frontend@$VERSION" sass@1
cp "$here/scripts/govuk-council.scss" council.scss
npx sass --style=compressed --no-source-map --quiet-deps --silence-deprecation=import council.scss council.min.css
out="$here/feedback_app/static/govuk"
mkdir -p "$out"
cp council.min.css "$out/govuk-frontend.min.css"
cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js "$out/govuk-frontend.min.js"
echo "GOV.UK Frontend $VERSION built into $out"
