"""Disks that refuse to be written: a small tmpfs that fills up, a read-only one. Mounting needs
root; where it cannot be done, a test of a full disk is skipped and a read-only folder falls back
to one the process may not write (which root could still write, so that needs the mount)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _mount(folder: Path, options: str) -> bool:
    if os.geteuid() != 0:
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True)
    return done.returncode == 0


@contextmanager
def small_disk(folder: Path, size: str) -> Iterator[Path]:
    """A disk of ``size`` (e.g. "8m") mounted at ``folder``; the test is skipped if none can be."""
    folder.mkdir(parents=True, exist_ok=True)
    if not _mount(folder, f"size={size},mode=755"):
        pytest.skip("这里不能挂载 tmpfs（需要 root 权限），无法模拟磁盘已满")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def fill(disk: Path, leave: int = 0) -> Path:
    """Fill ``disk`` up, then free ``leave`` bytes again; returns the filler file."""
    filler = disk / "filler.bin"
    with filler.open("wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 4096)
        except OSError:
            pass
    size = filler.stat().st_size
    os.truncate(filler, max(0, size - leave))
    return filler


@contextmanager
def read_only_folder(folder: Path) -> Iterator[Path]:
    """A folder nothing can be written into: a read-only tmpfs for root, else no write permission."""
    folder.mkdir(parents=True, exist_ok=True)
    if _mount(folder, "ro,size=1m"):
        try:
            yield folder
        finally:
            subprocess.run(["umount", "-l", str(folder)], check=True)
        return
    if os.geteuid() == 0:
        pytest.skip("root 可以写入任何目录，而这里又不能挂载只读的 tmpfs")
    folder.chmod(0o555)
    try:
        yield folder
    finally:
        folder.chmod(0o755)
