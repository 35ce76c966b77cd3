#!/bin/sh
# Vendor the partial Plotly build the pages use: plotly.js-basic-dist-min (traces scatter,
# bar, pie) at the plotly.js version that the installed Python `plotly` ships, so charts
# built with the Python package's schema in mind draw the same way in the browser.
#
#   scripts/update-plotly-basic.sh              # the version of .venv's plotly
#   scripts/update-plotly-basic.sh 4.1.1 <sha256 of plotly-basic.min.js>
#
# It downloads the npm tarball, checks the tarball against the registry's sha1 and the
# minified file against the expected sha256 (the one recorded in vendor/README.md unless
# one is given), writes the file with its .gz and .br beside it, and prints the lines to
# update in painscope/web/journal/plotly_asset.py and vendor/README.md for a new version.
set -eu

cd "$(dirname "$0")/.."
PY=.venv/bin/python
VENDOR=painscope/web/journal/vendor
VERSION=${1:-$($PY -c 'from plotly.offline import get_plotlyjs_version; print(get_plotlyjs_version())')}
EXPECTED=${2:-}
TARBALL="https://registry.npmjs.org/plotly.js-basic-dist-min/-/plotly.js-basic-dist-min-$VERSION.tgz"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

curl -sSfL "$TARBALL" -o "$WORK/package.tgz"
REGISTRY_SHA1=$(curl -sSfL "https://registry.npmjs.org/plotly.js-basic-dist-min/$VERSION" \
  | $PY -c 'import json, sys; print(json.load(sys.stdin)["dist"]["shasum"])')
GOT_SHA1=$(sha1sum "$WORK/package.tgz" | cut -d' ' -f1)
if [ "$GOT_SHA1" != "$REGISTRY_SHA1" ]; then
  echo "tarball sha1 $GOT_SHA1 is not the registry's $REGISTRY_SHA1" >&2
  exit 1
fi
tar -xzf "$WORK/package.tgz" -C "$WORK" package/plotly-basic.min.js package/LICENSE
GOT=$(sha256sum "$WORK/package/plotly-basic.min.js" | cut -d' ' -f1)
if [ -z "$EXPECTED" ] && grep -q "plotly.js-basic-dist-min-$VERSION.tgz" "$VENDOR/README.md" 2>/dev/null; then
  EXPECTED=$(sed -n 's/^sha256 of plotly-basic-[0-9.]*\.min\.js: \([0-9a-f]*\)$/\1/p' "$VENDOR/README.md")
fi
if [ -n "$EXPECTED" ] && [ "$GOT" != "$EXPECTED" ]; then
  echo "plotly-basic.min.js sha256 $GOT is not the expected $EXPECTED" >&2
  exit 1
fi

rm -f "$VENDOR"/plotly-basic-*.min.js "$VENDOR"/plotly-basic-*.min.js.gz "$VENDOR"/plotly-basic-*.min.js.br
OUT="$VENDOR/plotly-basic-$VERSION.min.js"
cp "$WORK/package/plotly-basic.min.js" "$OUT"
cp "$WORK/package/LICENSE" "$VENDOR/LICENSE-plotly.js.txt"
# Compressed once here, not at run time: brotli at quality 11 takes seconds for 1.2 MB.
$PY - "$OUT" <<'PYEOF'
import gzip
import sys
from pathlib import Path

import brotli

path = Path(sys.argv[1])
raw = path.read_bytes()
Path(f"{path}.gz").write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))
Path(f"{path}.br").write_bytes(brotli.compress(raw, quality=11))
PYEOF
echo "vendored $OUT ($GOT)"
echo "now set PLOTLY_JS_VERSION = \"$VERSION\" and PLOTLY_BASIC_SHA256 = \"$GOT\" in painscope/web/journal/plotly_asset.py"
echo "and the tarball and sha256 lines in $VENDOR/README.md"
