"""`tieshai build` replaces a site whole or not at all: it builds beside the site and swaps the
new one in only when complete, one build at a time. A killed build, a full disk or a second build
at the same moment leaves the previous site as it was; a place that cannot hold a site is said
to be the environment (exit code 2), in Chinese."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from .conftest import AS_OF, build_site, run_tieshai
from .disks import fill, small_disk

PUBLIC = "公开版（不含仅内部字段）"


def start_build(root: Path, site: Path, *options: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "tieshai", "--root", str(root), "build", "--site-dir", str(site),
                             "--as-of", AS_OF, *options],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")


def wait_for_output(site: Path, build: subprocess.Popen[str], since: int) -> None:
    """Return once a running build has written a page (anywhere beside or in ``site``) after ``since``
    (time.time_ns())."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and build.poll() is None:
        for page in site.parent.rglob("index.html"):
            try:
                if page.stat().st_mtime_ns > since:
                    return
            except FileNotFoundError:
                pass
        time.sleep(0.005)
    raise AssertionError(f"the build ended before it was caught part-way: {build.communicate()}")


def snapshot(site: Path) -> dict[str, bytes]:
    return {str(path.relative_to(site)): path.read_bytes() for path in site.rglob("*") if path.is_file()}


def beside(site: Path) -> list[str]:
    """What is left next to the site: nothing of tieshai's own but its lock."""
    return sorted(path.name for path in site.parent.iterdir() if path != site)


def test_a_killed_build_leaves_the_previous_site_and_the_next_build_succeeds(example_repo: Path,
                                                                           tmp_path: Path) -> None:
    site = build_site(example_repo, tmp_path / "out" / "site")
    before = snapshot(site)
    since = time.time_ns()
    build = start_build(example_repo, site, "--audience", "public")
    wait_for_output(site, build, since)
    os.kill(build.pid, signal.SIGKILL)
    build.wait()
    assert build.returncode == -signal.SIGKILL
    assert snapshot(site) == before
    again = run_tieshai("--root", str(example_repo), "build", "--site-dir", str(site), "--as-of", AS_OF,
                        "--audience", "public")
    assert again.code == 0, again.stderr
    assert PUBLIC in again.stdout and snapshot(site) != before
    assert beside(site) == [".site.tieshai-lock"]  # the killed build's folder is cleared


def test_two_builds_into_one_folder_never_mix(example_repo: Path, tmp_path: Path) -> None:
    """While a public build runs (held still part-way), an internal one into the same folder is
    refused; the site is then the public one, as announced."""
    site = tmp_path / "out" / "site"
    public = start_build(example_repo, site, "--audience", "public")
    wait_for_output(site, public, time.time_ns())
    os.kill(public.pid, signal.SIGSTOP)
    try:
        internal = run_tieshai("--root", str(example_repo), "build", "--site-dir", str(site), "--as-of", AS_OF)
    finally:
        os.kill(public.pid, signal.SIGCONT)
    stdout, stderr = public.communicate(timeout=300)
    assert public.returncode == 0, stderr
    assert internal.code == 2 and "另一个 tieshai build 正在生成" in internal.stderr, internal.stderr
    assert PUBLIC in stdout
    assert not (site / "forms" / "records").exists()  # the internal build's records for the forms


def test_a_build_waiting_for_the_lock_is_refused_not_mixed(example_repo: Path, tmp_path: Path) -> None:
    site = build_site(example_repo, tmp_path / "out" / "site")
    before = snapshot(site)
    with (site.parent / ".site.tieshai-lock").open("a") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        result = run_tieshai("--root", str(example_repo), "build", "--site-dir", str(site), "--as-of", AS_OF,
                             "--audience", "public")
    assert result.code == 2 and "另一个 tieshai build" in result.stderr
    assert snapshot(site) == before


def test_a_build_onto_a_full_disk_leaves_the_previous_site(example_repo: Path, tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", "64m") as disk:
        site = build_site(example_repo, disk / "site")
        before = snapshot(site)
        filler = fill(disk, leave=256 * 1024)
        result = run_tieshai("--root", str(example_repo), "build", "--site-dir", str(site), "--as-of", AS_OF)
        assert result.code == 2 and "磁盘空间已满" in result.stderr and "不是数据问题" in result.stderr, result.stderr
        assert "内部错误" not in result.stderr and "Traceback" not in result.stderr
        assert snapshot(site) == before
        assert beside(site) == [".site.tieshai-lock", "filler.bin"]
        filler.unlink()
        assert run_tieshai("--root", str(example_repo), "build", "--site-dir", str(site), "--as-of", AS_OF).code == 0


def test_a_site_dir_that_is_a_file_or_a_symlink_is_an_environment_error(example_repo: Path, tmp_path: Path) -> None:
    afile = tmp_path / "site.txt"
    afile.write_text("mine", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    (tmp_path / "linked").symlink_to(elsewhere, target_is_directory=True)
    for site, said in [(afile, "是一个文件，不是目录"), (afile / "site", "是一个文件，不是目录"),
                       (tmp_path / "dangling", "指向不存在位置的符号链接"), (tmp_path / "linked", "符号链接")]:
        result = run_tieshai("--root", str(example_repo), "build", "--site-dir", str(site), "--as-of", AS_OF)
        assert result.code == 2 and said in result.stderr, (site, result.stderr)
        assert "内部错误" not in result.stderr and "Traceback" not in result.stderr
    assert afile.read_text(encoding="utf-8") == "mine"
    assert not (tmp_path / "nowhere").exists() and list(elsewhere.iterdir()) == []
