"""Property-based checks shared by the short run in the test suite and the long one in bench/."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from hypothesis import strategies as st

from tieshai.load.yamlload import load_yaml_bytes
from tieshai.rules.check import check_repository
from tieshai.site.render import markdown_text

# Text a person could paste: any Unicode, with YAML's and Markdown's syntax characters favoured.
texts = st.text(alphabet=st.one_of(st.characters(), st.sampled_from(list(":-[]{}#&*!|>'\"%@`\t\n\\<>_()"))),
                max_size=200)
yaml_like = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), texts),
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(texts, children, max_size=4)),
    max_leaves=20,
)


def loads_without_crashing(raw: bytes) -> None:
    document, findings = load_yaml_bytes(raw, "fuzz.yaml")
    assert document is not None or any(finding.is_error for finding in findings)


def check_with_field(root: Path, corpus: Path, relative: str, key: str, value) -> None:
    """Put ``value`` into ``key`` of one record and check the whole repository: findings, never a crash."""
    target = root / relative
    shutil.copy(corpus / relative, target)
    text = target.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    data[key] = value
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    check_repository(root)


def renders_escaped(value: str) -> None:
    rendered = str(markdown_text(value))
    assert "<" not in rendered and ">" not in rendered.replace("\\>", "")
