"""Evidence files listed in a report: inside the unit's folder, present, unchanged, and of an
allowed type judged by their content, not their name."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from tieshai.findings import Finding
from tieshai.load.layout import SUBMISSIONS
from tieshai.load.yamlload import KeyPath, special_file_kind

if TYPE_CHECKING:
    from tieshai.load.submissions import Submission

MAX_EVIDENCE_BYTES = 50 * 1024 * 1024

# Allowed extensions and the content type each must have.
ALLOWED_TYPES = {
    ".pdf": "pdf", ".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg",
    ".docx": "ooxml", ".xlsx": "ooxml", ".pptx": "ooxml", ".doc": "ole", ".xls": "ole",
}
TYPE_NAMES = {"pdf": "PDF 文档", "png": "PNG 图片", "jpeg": "JPEG 图片", "ooxml": "Office 文档（docx/xlsx/pptx）",
              "ole": "旧版 Office 文档（doc/xls）", "zip": "ZIP 压缩包", None: "无法识别的文件"}


def sniff(path: Path) -> str | None:
    """The content type of a file, from its first bytes (and, for ZIP files, their contents)."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as archive:
                return "ooxml" if "[Content_Types].xml" in archive.namelist() else "zip"
        except zipfile.BadZipFile:
            return None
    return None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def evidence_findings(root: Path, submission: Submission, path: KeyPath, evidence: dict[str, Any]) -> list[Finding]:
    if "file" not in evidence:
        return []  # external records carry only a checksum, which the schema checks

    def finding(code: str, message: str, key: str = "file") -> list[Finding]:
        return [submission.document.finding(path + (key,), code, message)]

    written = evidence["file"]
    if "\0" in written:  # a NUL (written as an escape) ends a path for the system
        return finding("evidence-path", "佐证材料的路径里有空字符（\\0），不是有效的文件名，请按实际文件名填写。")
    if "\\" in written:
        return finding("evidence-path", f"路径“{written}”里有反斜杠“\\”，请改用“/”，例如 evidence/会议纪要.pdf。")
    relative = PurePosixPath(written)
    if relative.is_absolute() or ".." in relative.parts:
        return finding("evidence-path", f"路径“{written}”跳出了本报告所在的目录。佐证材料要放在本单位目录中，"
                                        "路径相对于报告所在目录写，例如 evidence/会议纪要.pdf。")
    try:
        return _file_findings(root, submission, relative, evidence, finding)
    except PermissionError:
        return finding("evidence-unreadable", f"佐证材料“{written}”无法读取（没有读取权限），请检查文件权限后重新提交。")
    except OSError:  # e.g. a name longer than the file system allows
        return finding("evidence-path", f"路径“{written}”无法使用（文件名过长或含有系统不支持的字符），请改用较短的文件名。")


def _file_findings(root: Path, submission: Submission, relative: PurePosixPath, evidence: dict[str, Any],
                   finding) -> list[Finding]:
    written = evidence["file"]
    unit_folder = (root / SUBMISSIONS / submission.placement.unit).resolve()
    target = root / submission.folder / relative
    if target.is_symlink() or not target.resolve().is_relative_to(unit_folder):
        return finding("evidence-path", f"“{written}”是指向本单位目录之外的链接，不能作为佐证材料。")
    kind = special_file_kind(target.stat().st_mode) if target.exists() else None
    if kind is not None:  # never opened: a FIFO would block the check, a device read forever
        return finding("evidence-type", f"“{written}”是{kind}，不是文件，不能作为佐证材料。")
    if not target.is_file():
        return finding("evidence-missing", f"找不到佐证材料“{written}”（应在 {submission.folder / relative}）。"
                                           "请确认文件已一并提交，文件名与这里写的完全一致。")
    size = target.stat().st_size
    if size > MAX_EVIDENCE_BYTES:
        return finding("evidence-too-large", f"“{written}”有 {size // 1024 // 1024} MB，超过 "
                                             f"{MAX_EVIDENCE_BYTES // 1024 // 1024} MB。大文件请登记为仓库外的记录（external）。")
    expected = ALLOWED_TYPES.get(relative.suffix.lower())
    if expected is None:
        allowed = "、".join(sorted(ALLOWED_TYPES))
        return finding("evidence-type", f"“{written}”的类型不在允许范围内。允许的类型：{allowed}。")
    actual = sniff(target)
    if actual != expected:
        return finding("evidence-type", f"“{written}”的扩展名是 {relative.suffix}，但文件内容是{TYPE_NAMES[actual]}。"
                                        "请提交真实的文件，不要只改扩展名。")
    problems: list[Finding] = []
    if size != evidence["size"]:
        problems += finding("evidence-size", f"“{written}”实际有 {size} 字节，这里写的是 {evidence['size']}。"
                                             "文件可能被替换过，请核对后更新“文件大小”（size）和“SHA-256 校验值”（sha256）。", "size")
    digest = sha256_of(target)
    if digest != evidence["sha256"]:
        problems += finding("evidence-checksum", f"“{written}”的 SHA-256 与登记的不一致（实际为 {digest}）。"
                                                 "文件可能被替换过，请核对后更新。", "sha256")
    return problems
