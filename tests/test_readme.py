"""The README keeps exactly two set-up commands, and .ci/run runs the test one verbatim."""

from __future__ import annotations

import re

from .conftest import REPO


def setup_commands() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)\n```", readme, re.S)
    return [block.strip() for block in blocks]


def test_readme_has_exactly_two_commands() -> None:
    commands = setup_commands()
    assert len(commands) == 2
    assert commands[0].endswith("tieshai build")
    assert commands[1].endswith("python -m pytest")


def test_ci_runs_the_readme_test_command() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert setup_commands()[1] in ci.splitlines()
