#!/usr/bin/env bash
# Refreshes the JavaScript libraries the site ships (scripts/tieshai/site/assets/vendor/) from the
# npm registry at the pinned versions below, with their licences. Change a version here, run this
# script, then run the test suite (tests/test_forms.py drives every form in Chromium).
#   bash scripts/refresh-vendored.sh
set -euo pipefail
cd "$(dirname "$0")/.."
JSON_EDITOR_VERSION=2.17.2
target=scripts/tieshai/site/assets/vendor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "@json-editor/json-editor@$JSON_EDITOR_VERSION" >/dev/null && tar xzf ./*.tgz)
cp "$work/package/dist/jsoneditor.js" "$target/jsoneditor.js"
cp "$work/package/dist/jsoneditor.js.LICENSE.txt" "$target/jsoneditor.js.LICENSE.txt"
cp "$work/package/LICENSE" "$target/jsoneditor.LICENSE"
sed -i "s/^| @json-editor\/json-editor | [^|]* |/| @json-editor\/json-editor | $JSON_EDITOR_VERSION |/" "$target/README.md"
echo "已更新：$target（@json-editor/json-editor $JSON_EDITOR_VERSION）"
