"""`tieshai demo`: valid, deterministic, in step with the repository."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tieshai.vocabulary import Kind

from .conftest import REPO, check_json, run_tieshai


def digest(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def embedded_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "embedded"
    result = run_tieshai("demo", "--out", str(out))
    assert result.code == 0, result.stderr
    return out


def test_embedded_demo_passes_check_and_is_marked(embedded_demo: Path) -> None:
    result = run_tieshai("--root", str(embedded_demo), "check")
    assert result.code == 0 and "没有发现问题" in result.stdout
    records = list((embedded_demo / "submissions").rglob("*.yaml"))
    assert len(records) > 150
    assert all("示例数据" in path.read_text(encoding="utf-8").splitlines()[1] for path in records)
    kinds = {line.split("schemas/")[1] for path in records
             for line in path.read_text(encoding="utf-8").splitlines()[:1]}
    assert len(kinds) == len(Kind)  # every kind of record


def test_same_seed_same_bytes_other_seed_other_content(embedded_demo: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert run_tieshai("demo", "--out", str(again)).code == 0
    assert digest(again) == digest(embedded_demo)
    other = tmp_path / "other"
    assert run_tieshai("demo", "--out", str(other), "--seed", "7").code == 0
    assert digest(other) != digest(embedded_demo)


def test_repository_holds_the_embedded_demo(embedded_demo: Path) -> None:
    generated = digest(embedded_demo / "submissions")
    committed = {name: value for name, value in digest(REPO / "submissions").items() if name != "README.md"}
    assert committed == generated, "submissions/ 与 tieshai demo 的输出不一致：请重新生成"
    assert (REPO / "campaign.yaml").read_bytes() == (embedded_demo / "campaign.yaml").read_bytes()


def test_demo_logins(embedded_demo: Path) -> None:
    text = (embedded_demo / "campaign.yaml").read_text(encoding="utf-8")
    assert "maintainers: [lucheng-bureau]" in text
    assert "inspection_team: [inspection-team]" in text and "organiser: [policy-office]" in text


def test_province_scale_demo_is_valid(tmp_path: Path) -> None:
    out = tmp_path / "scale"
    result = run_tieshai("demo", "--out", str(out), "--units", "100")
    assert result.code == 0, result.stderr
    assert len(list((out / "submissions").rglob("*.yaml"))) > 1000
    report = check_json(out)
    assert report["ok"] and report["findings"] == []


def test_demo_never_writes_into_a_used_folder(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = run_tieshai("demo", "--out", str(tmp_path))
    assert result.code == 2 and "为免覆盖" in result.stderr
    assert [path.name for path in tmp_path.iterdir()] == ["notes.txt"]
