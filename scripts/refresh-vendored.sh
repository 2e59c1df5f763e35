#!/usr/bin/env bash
# Refreshes the JavaScript libraries the site ships (scripts/tieshai/site/assets/vendor/) from the
# npm registry at the pinned versions below, with their licences. Change a version here, run this
# script, then run the test suite (tests/test_forms.py drives every form in Chromium).
#   bash scripts/refresh-vendored.sh
set -euo pipefail
cd "$(dirname "$0")/.."
JSON_EDITOR_VERSION=2.17.2
JS_YAML_VERSION=5.5.0
target=scripts/tieshai/site/assets/vendor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fetch() {  # package@version -> its files unpacked in $work/<name>
  mkdir -p "$work/$2" && (cd "$work/$2" && npm pack --silent "$1" >/dev/null && tar xzf ./*.tgz)
}
fetch "@json-editor/json-editor@$JSON_EDITOR_VERSION" json-editor
cp "$work/json-editor/package/dist/jsoneditor.js" "$target/jsoneditor.js"
cp "$work/json-editor/package/dist/jsoneditor.js.LICENSE.txt" "$target/jsoneditor.js.LICENSE.txt"
cp "$work/json-editor/package/LICENSE" "$target/jsoneditor.LICENSE"
fetch "js-yaml@$JS_YAML_VERSION" js-yaml
cp "$work/js-yaml/package/dist/browser/js-yaml.umd.min.js" "$target/js-yaml.min.js"
cp "$work/js-yaml/package/LICENSE" "$target/js-yaml.LICENSE"
sed -i "s/^| @json-editor\/json-editor | [^|]* |/| @json-editor\/json-editor | $JSON_EDITOR_VERSION |/; s/^| js-yaml | [^|]* |/| js-yaml | $JS_YAML_VERSION |/" "$target/README.md"
echo "已更新：$target（@json-editor/json-editor $JSON_EDITOR_VERSION，js-yaml $JS_YAML_VERSION）"
