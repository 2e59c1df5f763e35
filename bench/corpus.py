"""The benchmark corpus: `tieshai demo --units N`, the same generator users run."""

from __future__ import annotations

from pathlib import Path

from tieshai.demo import write_demo


def make_corpus(out: Path, units: int, seed: int = 2021) -> int:
    """Write a valid campaign with ``units`` invented units into ``out``; returns the file count."""
    return write_demo(out, units, seed)
