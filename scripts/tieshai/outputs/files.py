"""Writing outputs whole or not at all: the one place where tieshai writes files (`build`,
`export`, `new`).

- A file is written to a temporary file in its own folder, then linked to its name, which fails
  rather than replace anything there (a user's file, a symlink, even a dangling one); a failure
  removes the temporary file, and a group of files (an export) is removed again as a whole, so
  tieshai's own partial output never blocks the next run.
- A folder (the site) is built in a temporary folder beside it and swapped in only when complete,
  under a lock: a killed or failed build leaves the previous site, two builds never mix.
- What the machine refuses (a full disk, a read-only folder, a file where a folder belongs) is an
  `OutputError`, said in Chinese as an environment problem (exit code 2), never a crash.
"""

from __future__ import annotations

import errno
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_REASONS = {
    errno.ENOSPC: "磁盘空间已满", errno.EDQUOT: "超出磁盘配额", errno.EROFS: "所在的磁盘或分区是只读的",
    errno.EACCES: "没有写入权限", errno.EPERM: "没有写入权限", errno.ENOTDIR: "路径中有一部分是文件而不是目录",
    errno.EISDIR: "这是一个目录", errno.EEXIST: "同名的文件或目录已经存在", errno.ELOOP: "符号链接过多或成环",
    errno.ENAMETOOLONG: "名称过长", errno.ENOENT: "路径不存在", errno.EBUSY: "正被占用",
}
TEMP_MARK = ".tieshai-"  # in the names of tieshai's own temporary files and folders


class OutputError(Exception):
    """An output cannot be written where it was asked to go: an environment error (exit code 2)."""


def environment_error(exc: OSError, path: Path | str | None = None, doing: str = "写入") -> OutputError:
    """``exc`` in words: where, why, and that it is the machine, not the data."""
    where = exc.filename if exc.filename is not None else path
    reason = _REASONS.get(exc.errno or 0, exc.strerror or type(exc).__name__)
    place = f"“{where}”" if where is not None else ""
    return OutputError(f"无法{doing}{place}：{reason}。这是运行环境（磁盘、权限或路径）的问题，不是数据问题；"
                       "请处理后重试。")


def check_folder(folder: Path) -> None:
    """``folder`` may be written into: a real folder, or nothing yet (never a file or a symlink)."""
    if folder.is_symlink():
        state = "指向不存在位置的符号链接" if not folder.exists() else "符号链接"
        raise OutputError(f"输出目录“{folder}”是{state}。为免写到别处，不会通过符号链接写入；请指定一个实际的目录。")
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"输出目录“{folder}”是一个文件，不是目录。请指定一个目录。")


def no_symlink_between(root: Path, path: Path) -> None:
    """No folder from ``root`` down to ``path`` is a symlink (that could lead out of ``root``)."""
    for part in reversed(path.relative_to(root).parents[:-1]):
        if (root / part).is_symlink():
            raise OutputError(f"“{root / part}”是符号链接。为免写到仓库以外，不会通过它写入；请改成实际的目录。")


def _make_folder(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; return those created, the deepest first."""
    missing = [p for p in (folder, *folder.parents) if not os.path.lexists(p)]
    check_folder(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise environment_error(exc, folder) from None
    return missing


def _remove_folders(created: list[Path]) -> None:
    for folder in created:  # the deepest first; only if still empty
        try:
            folder.rmdir()
        except OSError:
            return


def _link(temporary: Path, target: Path) -> None:
    """Give ``temporary`` the name ``target`` unless something is there already."""
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise
    except OSError as exc:  # no hard links on this file system: a check, then a rename
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EMLINK, errno.EXDEV):
            raise
        if os.path.lexists(target):
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(target)) from None
        os.replace(temporary, target)
    else:
        temporary.unlink()


def existing(folder: Path, names: list[str]) -> list[str]:
    """Which of ``names`` are taken in ``folder`` (by anything, a dangling symlink too)."""
    return [name for name in names if os.path.lexists(folder / name)]


def write_files(folder: Path, contents: dict[str, bytes]) -> list[Path]:
    """Write every file of ``contents`` into ``folder``, all of them or none; never replace anything.

    Raises FileExistsError when a name is taken, OutputError when the machine refuses."""
    created = _make_folder(folder)
    temporary: dict[str, Path] = {}
    written: list[Path] = []
    try:
        for name, content in contents.items():
            temporary[name] = _temporary_file(folder, name, content, temporary)
        for name, path in temporary.items():
            _link(path, folder / name)
            written.append(folder / name)
    except BaseException as exc:
        for path in [*temporary.values(), *written]:
            path.unlink(missing_ok=True)
        _remove_folders(created)
        if isinstance(exc, OSError) and not isinstance(exc, FileExistsError):
            raise environment_error(exc, folder) from None
        raise
    return written


def _temporary_file(folder: Path, name: str, content: bytes, made: dict[str, Path]) -> Path:
    """``content`` in a new file beside ``folder / name``, on disk (noted in ``made`` at once, so
    that it is removed if writing fails)."""
    handle, path = tempfile.mkstemp(dir=folder, prefix=f".{name}{TEMP_MARK}")
    made[name] = Path(path)
    with os.fdopen(handle, "wb") as stream:
        stream.write(content)
        stream.flush()
        os.fsync(stream.fileno())
    os.chmod(path, 0o666 & ~_umask())
    return Path(path)


def replace_file(path: Path, content: bytes) -> None:
    """Write ``path`` whole over tieshai's own earlier version of it (the caller has made sure it
    is one); a symlink there is replaced, never written through."""
    made: dict[str, Path] = {}
    _make_folder(path.parent)
    try:
        os.replace(_temporary_file(path.parent, path.name, content, made), path)
    except OSError as exc:
        for temporary in made.values():
            temporary.unlink(missing_ok=True)
        raise environment_error(exc, path) from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class _Lock:
    """An exclusive lock on a file, taken without waiting; the system drops it if the process dies."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)

    def take(self) -> bool:
        try:
            if sys.platform == "win32":
                import msvcrt

                msvcrt.locking(self.fd, msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def close(self) -> None:
        os.close(self.fd)  # closing drops the lock


@contextmanager
def replaced_folder(target: Path) -> Iterator[Path]:
    """A new, empty folder beside ``target`` to write into; when the block ends without error it
    replaces ``target`` whole, otherwise it is removed and ``target`` is left as it was.

    One build at a time per target (a lock beside it); what a killed build left is cleared."""
    check_folder(target)
    parent, name = target.parent, target.name
    _make_folder(parent)
    previous = parent / f".{name}{TEMP_MARK}previous"
    try:
        lock = _Lock(parent / f".{name}{TEMP_MARK}lock")
    except OSError as exc:
        raise environment_error(exc, parent) from None
    try:
        if not lock.take():
            raise OutputError(f"另一个 tieshai build 正在生成“{target}”。为免两次生成混在一起，请等它结束后再试。")
        _recover(target, previous)
        try:
            building = Path(tempfile.mkdtemp(dir=parent, prefix=f".{name}{TEMP_MARK}new-"))
        except OSError as exc:
            raise environment_error(exc, parent) from None
        try:
            yield building
            os.chmod(building, 0o777 & ~_umask())
            if target.exists():
                os.rename(target, previous)
            os.rename(building, target)
        except BaseException as exc:
            shutil.rmtree(building, ignore_errors=True)
            if isinstance(exc, OSError):
                raise environment_error(exc, target) from None
            raise
        shutil.rmtree(previous, ignore_errors=True)
    finally:
        lock.close()


def _recover(target: Path, previous: Path) -> None:
    """Undo what a build killed part-way left: a swap cut in two, temporary folders."""
    if not os.path.lexists(target) and previous.is_dir():
        os.rename(previous, target)
    shutil.rmtree(previous, ignore_errors=True)
    for stale in target.parent.glob(f".{target.name}{TEMP_MARK}new-*"):
        shutil.rmtree(stale, ignore_errors=True)
