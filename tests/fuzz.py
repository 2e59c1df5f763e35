"""Property-based checks shared by the short run in the test suite and the long one in bench/."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from tieshai.findings import Severity
from tieshai.load.yamlload import load_yaml_bytes
from tieshai.rules.check import check_repository
from tieshai.site.render import markdown_text

SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"

# Text a person could paste: any Unicode, with YAML's and Markdown's syntax characters favoured.
texts = st.text(alphabet=st.one_of(st.characters(), st.sampled_from(list(":-[]{}#&*!|>'\"%@`\t\n\\<>_()"))),
                max_size=200)
yaml_like = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), texts),
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(texts, children, max_size=4)),
    max_leaves=20,
)

# Number-like text of any length: YAML reads many of these as integers or floats.
number_like = st.text(alphabet="0123456789+-.eE_xob:", min_size=1, max_size=6000)
# Any file name a file system takes: any bytes but "/" and NUL, not UTF-8 at all as often as not.
file_names = st.binary(min_size=1, max_size=60).filter(lambda name: b"/" not in name and b"\0" not in name
                                                      and name not in (b".", b".."))


def loads_without_crashing(raw: bytes) -> None:
    document, findings = load_yaml_bytes(raw, "fuzz.yaml")
    assert document is not None or any(finding.is_error for finding in findings)


def schema_refuses(record: Path, data: Any) -> bool:
    """What any JSON Schema tool says of ``data``, using the schema the record's first line names
    (the same test an editor makes), independently of tieshai's own loading and schema check."""
    first = record.read_text(encoding="utf-8").splitlines()[0]
    schema = json.loads((SCHEMAS / first.rsplit("/", 1)[1]).read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return not validator.is_valid(data)


def check_with_field(root: Path, corpus: Path, relative: str, key: str, value: Any) -> None:
    """Put ``value`` into ``key`` of one record of a valid repository and check the whole repository.

    Whatever the value: the check returns, every finding is about that record and points at one
    of its lines, in Chinese; and a value the record's JSON Schema refuses gives at least one error."""
    target = root / relative
    shutil.copy(corpus / relative, target)
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    data[key] = value
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    target.write_text(text, encoding="utf-8")
    files = sum(1 for path in (root / "submissions").rglob("*") if path.is_file()) + 1  # and campaign.yaml

    result = check_repository(root)

    assert result.campaign is not None and result.files_checked == files
    lines = len(text.splitlines())
    for finding in result.findings:
        assert finding.file == relative, finding
        assert finding.line is not None and 1 <= finding.line <= lines, (finding, lines)
        assert finding.column is not None and finding.column >= 1, finding
        assert finding.severity in (Severity.ERROR, Severity.WARNING) and finding.code, finding
        assert finding.message and not finding.message.isascii(), finding
    if schema_refuses(corpus / relative, data):
        assert not result.ok and any(finding.is_error for finding in result.findings), (key, value)


def renders_escaped(value: str) -> None:
    rendered = str(markdown_text(value))
    assert "<" not in rendered and ">" not in rendered.replace("\\>", "")


def checks_any_file_name(root: Path, folder: str, name: bytes) -> None:
    """A file of any name in a unit's folder: the check returns, and every finding can be written
    out (as UTF-8, in JSON) and is in Chinese; the file is taken away again afterwards."""
    target = os.fsencode(root / folder) + b"/" + name
    with open(target, "wb") as handle:
        handle.write(b"%PDF-1.4 x")
    try:
        result = check_repository(root)
    finally:
        os.unlink(target)
    for finding in result.findings:
        json.dumps([finding.file, finding.message], ensure_ascii=False).encode("utf-8")
        assert finding.message and not finding.message.isascii(), finding
