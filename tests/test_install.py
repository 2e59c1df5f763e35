"""The package stands on its own: built as a wheel and installed outside the checkout, ``tieshai
demo`` writes the embedded campaign (its plan and schemas ship inside the package) and it checks."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import REPO


def test_an_installed_wheel_writes_and_checks_the_demo_outside_the_checkout(tmp_path: Path) -> None:
    wheels, site, source = tmp_path / "wheels", tmp_path / "site-packages", tmp_path / "source"
    # built from the tracked files alone, as a clean clone would: nothing left over in the checkout
    # (a build/ folder, caches) can slip into the wheel
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout
    for name in filter(None, tracked.decode().split("\0")):
        if (REPO / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(source)],
                   check=True, capture_output=True, timeout=600)
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site),
                    *map(str, wheels.glob("tieshai-*.whl"))], check=True, capture_output=True, timeout=600)
    # the installed copy comes first on the path, ahead of the checkout's editable install
    env = {**os.environ, "PYTHONPATH": str(site)}
    out = tmp_path / "demo"

    def tieshai(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "tieshai", *args], cwd=tmp_path, env=env, capture_output=True,
                              text=True, encoding="utf-8", timeout=300)

    where = subprocess.run([sys.executable, "-c", "import tieshai; print(tieshai.__file__)"], cwd=tmp_path, env=env,
                           capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(site)), where
    made = tieshai("demo", "--out", str(out))
    assert made.returncode == 0, made.stderr
    assert (out / "campaign.yaml").read_bytes() == (REPO / "campaign.yaml").read_bytes()
    checked = tieshai("--root", str(out), "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "没有发现问题" in checked.stdout
