#!/usr/bin/env bash
# The JavaScript tools some tests use, from npm, into .cache/js (ignored by git; never shipped):
#   axe-core 4 (MPL-2.0)  checks the HTML export against WCAG 2.1 A and AA in Chromium.
# Optional: without npm or the network the tests that need them are skipped and say why.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=.cache/js
if [ -f "$dest/node_modules/axe-core/axe.min.js" ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "note: npm is missing, so the accessibility (axe-core) tests will be skipped;" >&2
  echo "  install it with: sudo apt-get install -y npm" >&2
  exit 0
fi
mkdir -p "$dest"
if ! npm install --prefix "$dest" --no-save --no-audit --no-fund --silent axe-core@4 >&2; then
  echo "note: could not install axe-core from npm; the accessibility tests will be skipped" >&2
fi
