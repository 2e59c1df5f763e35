"""The strict YAML loader: each pitfall gets its own code at the right line and column."""

from __future__ import annotations

import pytest

from tieshai.load.yamlload import load_yaml_bytes


def load(text: str | bytes):
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return load_yaml_bytes(raw, "x.yaml")


@pytest.mark.parametrize(
    ("source", "code", "line", "column"),
    [
        ("a: 1\nb: 2\na: 3\n", "yaml-duplicate-key", 3, 1),
        ("ok: true\nflag: yes\n", "yaml-ambiguous-bool", 2, 7),
        ("flag: Off\n", "yaml-ambiguous-bool", 1, 7),
        ("code: 010\n", "yaml-ambiguous-number", 1, 7),
        ("time: 12:30\n", "yaml-ambiguous-number", 1, 7),
        ("a: &x {b: 1}\nc: *x\n", "yaml-alias", 2, 4),
        ("a: &x 1\nb: 2\n", "yaml-anchor", 1, 4),
        ("a: {b: 1}\nc:\n  <<: {d: 2}\n", "yaml-merge-key", 3, 3),
        ("a: R&D\n", None, None, None),
        ("a:\n\tb: 1\n", "yaml-tab", 2, 1),
        ("a:\n\u3000b: 1\n", "yaml-fullwidth-space", 2, 1),
        ("a: 1\nname：鹿城区\n", "yaml-fullwidth-colon", 2, 5),
        ("a: x\u202eyz\n", "yaml-invisible-character", 1, 5),
        ("a: x\u200byz\n", "yaml-invisible-character", 1, 5),
        ("a: !!python/object:os.system x\n", "yaml-tag", 1, 4),
        ("a: 1\n b: 2\n", "yaml-syntax", 2, 3),
        ('a: "open\nb: 1\n', "yaml-syntax", 3, 1),
        ("a: 1\n---\nb: 2\n", "yaml-syntax", 2, 1),
        ("", "yaml-empty", 1, 1),
        ("a: " + "[" * 60 + "]" * 60 + "\n", "yaml-too-deep", 1, 44),
        ("a: 1\nb: " + "长" * 20_001 + "\n", "yaml-too-long", 2, 4),
        ("a: 1\n" + "k" * 101 + ": 1\n", "yaml-too-long", 2, 1),
    ],
)
def test_pitfall_is_reported_at_its_place(source: str, code: str | None, line: int, column: int) -> None:
    _, findings = load(source)
    assert [(f.code, f.line, f.column) for f in findings] == ([(code, line, column)] if code else [])
    assert all(f.message and not f.message.isascii() for f in findings), "messages are in Chinese"


def test_gbk_file_is_named_as_such() -> None:
    document, findings = load("名称: 鹿城区\n".encode("gbk"))
    assert document is None
    assert findings[0].code == "yaml-encoding"
    assert "GBK" in findings[0].message


def test_bom_is_a_warning_and_the_file_still_loads() -> None:
    document, findings = load(b"\xef\xbb\xbfa: 1\n")
    assert document is not None and document.data == {"a": 1}
    assert [(f.code, f.severity.value) for f in findings] == [("yaml-bom", "warning")]


def test_values_keep_what_the_person_wrote() -> None:
    document, findings = load('date: 2021-04-30\ncode: "010"\nkey_no: 1\nno: x\n2021: y\nn: 1.5\ne:\n')
    assert findings == []
    assert document.data == {"date": "2021-04-30", "code": "010", "key_no": 1, "no": "x",
                             "2021": "y", "n": 1.5, "e": None}


def test_positions_of_values_and_keys() -> None:
    document, _ = load("a:\n  - b: 1\n    c: [x, y]\n")
    assert document.position(("a", 0, "c", 1)).line == 3
    assert document.position(("a", 0, "c", 1)).column == 12
    assert document.key_position(("a", 0, "c")).column == 5
    # a missing path falls back to its nearest ancestor
    assert document.position(("a", 0, "missing")).line == 2


def test_oversized_file_is_refused_before_parsing() -> None:
    from tieshai.load.yamlload import MAX_FILE_BYTES

    document, findings = load(b"a: " + b"x" * (MAX_FILE_BYTES + 10))
    assert document is None and [f.code for f in findings] == ["yaml-too-large"]


def test_no_input_makes_the_loader_or_the_schema_check_raise() -> None:
    """Random and mangled inputs give findings, never an exception (a short, seeded run)."""
    import random

    from tieshai.rules.schema import schema_findings

    from .conftest import REPO

    seed_text = (REPO / "submissions/lucheng/accidents/rectification.yaml").read_bytes()
    rng = random.Random(20210223)
    alphabet = b" :-[]{}&*!|>'\"#%@`\t\n\r,?\\" + "：　鹿城\u202e".encode()
    for _ in range(400):
        data = bytearray(seed_text)
        for _ in range(rng.randint(1, 12)):
            position = rng.randrange(len(data))
            if rng.random() < 0.5:
                data[position:position + 1] = bytes([rng.choice(alphabet)])
            else:
                del data[position:position + rng.randint(1, 40)]
        document, _ = load(bytes(data))
        if document is not None and isinstance(document.data, dict):
            schema_findings(document, "rectification")
    for _ in range(200):
        load(bytes(rng.randrange(256) for _ in range(rng.randint(0, 300))))
