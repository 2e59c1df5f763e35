"""`tieshai serve` previews the site and rebuilds it when the campaign data changes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from .conftest import replace_in_file


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch_until(url: str, wanted: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    last = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                last = response.read().decode("utf-8")
            if wanted in last:
                return last
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} 在 {seconds} 秒内没有出现“{wanted}”")


def test_serve_rebuilds_when_campaign_yaml_changes(campaign_copy: Path) -> None:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "tieshai", "--root", str(campaign_copy), "serve",
         "--dev-addr", f"127.0.0.1:{port}", "--as-of", "2021-06-15"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=os.environ.copy(),
    )
    try:
        page = f"http://127.0.0.1:{port}/actions/plans/"
        fetch_until(page, "监督检查计划编制")
        replace_in_file(campaign_copy / "campaign.yaml", "short_title: 监督检查计划编制", "short_title: 计划编制（已修改）")
        fetch_until(page, "计划编制（已修改）")
    finally:
        server.terminate()
        server.wait(timeout=30)
