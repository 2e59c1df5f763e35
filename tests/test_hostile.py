"""Hostile repository contents that the other suites do not already cover, each refused with a
clear Chinese message and never a traceback. SECURITY.md lists every hostile case and its test;
`python -m bench.defences` shows each of them failing when its defence is taken out."""

from __future__ import annotations

import os
from pathlib import Path

from .conftest import check_json, replace_in_file
from .test_submissions import LC_ACC

NOTICE = f"{LC_ACC}/notices/lucheng-accidents-n1.yaml"


def test_symlinked_folder_pointing_outside_is_refused_and_not_followed(example_repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "self-inspection.yaml").write_text("a: [unclosed\n", encoding="utf-8")  # would be a syntax error
    os.symlink(outside, example_repo / LC_ACC / "records" / "linked")
    findings = check_json(example_repo)["findings"]
    assert [(f["code"], f["file"]) for f in findings] == [("layout-symlink", f"{LC_ACC}/records/linked")]


def test_symlinked_unit_folder_is_refused(example_repo: Path, tmp_path: Path) -> None:
    real = example_repo / "submissions" / "ouhai"
    real.rename(tmp_path / "ouhai")
    os.symlink(tmp_path / "ouhai", real)
    findings = check_json(example_repo)["findings"]
    assert ("layout-symlink", "submissions/ouhai") in [(f["code"], f["file"]) for f in findings]


def test_enormous_evidence_file_is_refused_before_it_is_read(example_repo: Path) -> None:
    evidence = example_repo / LC_ACC / "evidence" / "rectification-meeting.pdf"
    with evidence.open("r+b") as handle:
        handle.truncate(60 * 1024 * 1024)  # sparse: takes no disk space, but says 60 MB
    findings = check_json(example_repo)["findings"]
    assert [f["code"] for f in findings] == ["evidence-too-large"]
    assert "60 MB" in findings[0]["message"]


def test_id_with_a_look_alike_letter_is_refused(example_repo: Path) -> None:
    # a Cyrillic "а" (U+0430) where the Latin "a" belongs: the id looks the same and is another one
    replace_in_file(example_repo / NOTICE, "id: lucheng-accidents-n1", "id: lucheng-\u0430ccidents-n1")
    findings = check_json(example_repo)["findings"]
    assert [(f["code"], f["file"], f["line"]) for f in findings] == [("schema-pattern", NOTICE, 3)]


def test_reference_with_a_zero_width_character_is_refused(example_repo: Path) -> None:
    replace_in_file(example_repo / NOTICE, "  - lucheng-accidents-i1", "  - lucheng-accidents\u200b-i1")
    findings = check_json(example_repo)["findings"]
    assert [(f["code"], f["file"], f["line"]) for f in findings] == [("yaml-invisible-character", NOTICE, 10)]
    assert "零宽字符" in findings[0]["message"]


def test_folders_nested_thousands_deep_give_a_finding(example_repo: Path) -> None:
    chain = [example_repo / LC_ACC / "records"]
    for _ in range(1100):  # one by one: pathlib's mkdir(parents=True) would itself recurse too deep
        chain.append(chain[-1] / "d")
        chain[-1].mkdir()
    (chain[-1] / "x.yaml").write_text("id: x\n", encoding="utf-8")
    try:
        findings = check_json(example_repo)["findings"]
        assert [f["code"] for f in findings] == ["layout-unknown-path"]
    finally:  # pytest's clean-up of old temporary folders recurses, and would fail on this tree
        (chain[-1] / "x.yaml").unlink()
        for folder in reversed(chain[1:]):
            folder.rmdir()


def test_every_defence_in_the_bench_still_names_code_that_exists() -> None:
    # bench/defences.py takes each defence out to show its tests fail; its list must not rot
    from bench.defences import DEFENCES, REPO

    for defence in DEFENCES:
        for name, text, _ in defence.removal:
            assert text in (REPO / name).read_text(encoding="utf-8"), (defence.name, name)
        for test in defence.tests:
            file, function = test.split("::")
            assert f"def {function}(" in (REPO / file).read_text(encoding="utf-8"), test
