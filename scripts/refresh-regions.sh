#!/usr/bin/env bash
# Refresh the region CSVs from the npm package idn-area-data; then run `tuntas setup` to load.
set -euo pipefail
VERSION="${1:-latest}"
DEST="$(cd "$(dirname "$0")/.." && pwd)/src/tuntas/regions/data/idn-area"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
TARBALL="$(npm pack --silent "idn-area-data@$VERSION")"
tar xzf "$TARBALL"
for f in provinces regencies districts villages; do cp "package/data/$f.csv" "$DEST/"; done
cp package/data/LICENSE.md "$DEST/LICENSE-DATA.md"
cp package/LICENSE "$DEST/LICENSE-CODE"
GOT="$(node -p "require('./package/package.json').version")"
sed -i "s/version [0-9.]*/version $GOT/" "$DEST/SOURCE.md"
echo "idn-area-data $GOT copied to $DEST; review the diff, then run: tuntas setup"
