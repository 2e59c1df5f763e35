"""The one strict YAML loader: every YAML file the tool reads goes through here.

PyYAML's C parser composes the node tree; this module turns nodes into plain Python values
itself, so that nothing YAML 1.1 would silently change reaches the schema check: duplicate keys,
anchors and aliases, ``yes``/``no`` booleans, ``010`` octals, ``12:30`` sexagesimals. Unquoted
dates stay the text the person wrote. Every value's and every key's position is kept, so that a
finding about any field can name its line and column.
"""

from __future__ import annotations

import errno
import math
import os
import re
import stat
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from yaml import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml._yaml import CParser

from tieshai.chinese import may_hold_long_number
from tieshai.findings import PLACEHOLDER, Finding, Severity

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40
MAX_TEXT_CHARS = 20_000  # the longest field a form allows is 4,000 characters
MAX_KEY_CHARS = 100
MAX_CHARACTER_FINDINGS = 5
# Whole numbers beyond what a web page (JavaScript) holds exactly: no count, amount or size in a
# record comes near it. Longer digit strings are refused before Python converts them at all.
MAX_SAFE_INTEGER = 2 ** 53 - 1
_MAX_INTEGER_DIGITS = len(str(MAX_SAFE_INTEGER))

KeyPath = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_KNOWN_TAGS = frozenset(_TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq"))

# Characters that must never sit in a hand-written record: C0/C1 controls other than tab and
# line breaks, zero-width characters, and the bidirectional overrides used by "Trojan source".
_FORBIDDEN_CHARS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
_BAD_INDENT = re.compile(r"^[ \t\u3000]*[\t\u3000]", re.MULTILINE)
_FULLWIDTH_COLON_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-]*[ \u3000]*：")
_FULLWIDTH_COLON_MESSAGE = "这一行用了全角冒号“：”。字段名后面要用半角冒号“:”加一个空格，请切换到英文输入法重新输入。"
_OCTAL_LIKE = re.compile(r"^[-+]?0[0-9_]+$")
_YAML11_BOOLEANS = {"true", "false"}
_IMPLICIT_RESOLVERS = yaml.resolver.Resolver.yaml_implicit_resolvers


class Position(NamedTuple):  # a tuple: one is made for every value and key of every file
    line: int
    column: int


@dataclass
class YamlDocument:
    """A loaded file: its data, its text, and the position of every value and mapping key."""

    file: str
    data: Any
    text: str = field(repr=False, default="")
    # noted while loading, so that rules need not walk every value again
    placeholders: list[KeyPath] = field(default_factory=list)  # text values still holding “待填写”
    # where a text value may read as a long number (chinese.may_hold_long_number): the
    # personal-data rule looks only there
    long_numbers: list[KeyPath] = field(default_factory=list)
    _positions: _Built | None = field(default=None, repr=False)

    def _built(self) -> _Built:
        # Positions are found again from the text the first time a finding needs one: most
        # files never need any, and keeping them for every file would double load time and memory.
        if self._positions is None:
            built = _build(self.text, self.file, with_positions=True)
            assert built is not None, "a loaded document's text parses again"
            self._positions = built
        return self._positions

    def position(self, path: KeyPath) -> Position | None:
        """Where the value at ``path`` starts, or its nearest ancestor when it is missing."""
        for end in range(len(path), -1, -1):
            found = self._built().value_positions.get(tuple(path[:end]))
            if found:
                return found
        return None

    def key_position(self, path: KeyPath) -> Position | None:
        """Where the key of the mapping entry at ``path`` starts (falls back to its value)."""
        return self._built().key_positions.get(tuple(path)) or self.position(path)

    def finding(self, path: KeyPath, code: str, message: str, *, at_key: bool = False,
                severity: Severity = Severity.ERROR) -> Finding:
        pos = self.key_position(path) if at_key else self.position(path)
        return Finding(self.file, pos.line if pos else None, pos.column if pos else None,
                       severity, code, message)


def load_yaml_file(path: Path, display: str) -> tuple[YamlDocument | None, list[Finding]]:
    """Read and strictly load one YAML file. Returns None as the document on a fatal problem."""
    try:
        raw = read_regular_file(path, MAX_FILE_BYTES + 1)
    except NotARegularFile as exc:
        return None, [Finding(display, None, None, Severity.ERROR, "file-not-regular",
                              f"这不是普通文件，而是{exc.kind}，不能作为记录读取。请删除它，放入普通的 YAML 文件。")]
    except OSError as exc:
        return None, [Finding(display, None, None, Severity.ERROR, "file-unreadable", f"无法读取文件：{os_error_reason(exc)}。")]
    return load_yaml_bytes(raw, display)


class NotARegularFile(OSError):
    """A FIFO, device, socket or folder where a file was expected; ``kind`` names it in Chinese."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def special_file_kind(mode: int) -> str | None:
    """What a file that is not a regular file is, in Chinese; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "命名管道（FIFO）"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件"
    if stat.S_ISSOCK(mode):
        return "套接字文件"
    if stat.S_ISDIR(mode):
        return "目录"
    return "特殊文件"


# Opening never waits (a FIFO would otherwise block until someone writes to it); reading a regular
# file is the same with or without O_NONBLOCK. Windows has no FIFOs and no such flag.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def read_regular_file(path: Path, limit: int) -> bytes:
    """At most ``limit`` bytes of a regular file. The type is checked on the opened file, so that
    nothing can swap the file between a check and the read; anything else raises NotARegularFile."""
    descriptor = os.open(path, _OPEN_FLAGS)
    try:
        status = os.fstat(descriptor)
        kind = special_file_kind(status.st_mode)
        if kind is not None:
            raise NotARegularFile(kind)
        # read in pieces of about the file's size: asking for ``limit`` at once would allocate it
        piece, chunks, remaining = max(status.st_size + 1, 1 << 16), [], limit
        while remaining > 0:
            chunk = os.read(descriptor, min(piece, remaining))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


_ERRNO_REASONS = {errno.EACCES: "没有读取权限", errno.EPERM: "没有读取权限", errno.ENAMETOOLONG: "路径过长",
                  errno.ELOOP: "符号链接层数过多", errno.EIO: "磁盘读取出错"}


def os_error_reason(exc: OSError) -> str:
    """Why the system refused, in Chinese where the reason is a common one."""
    return _ERRNO_REASONS.get(exc.errno or 0) or exc.strerror or str(exc)


def load_yaml_bytes(raw: bytes, display: str) -> tuple[YamlDocument | None, list[Finding]]:
    findings: list[Finding] = []

    def fatal(code: str, message: str, line: int | None = None, column: int | None = None):
        findings.append(Finding(display, line, column, Severity.ERROR, code, message))
        return None, findings

    if len(raw) > MAX_FILE_BYTES:
        return fatal("yaml-too-large",
                     f"文件超过 {MAX_FILE_BYTES // 1024 // 1024} MB，不像是手工填写的记录。"
                     "请检查是否误把附件内容粘贴进了 YAML；附件应作为单独文件提交。")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return fatal("yaml-encoding", "文件是 UTF-16 编码。请用 UTF-8 编码另存（记事本：“另存为”→ 编码选“UTF-8”）。", 1, 1)
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        findings.append(Finding(display, 1, 1, Severity.WARNING, "yaml-bom",
                                "文件开头有 BOM（字节顺序标记）。已按 UTF-8 读取；建议另存为“UTF-8（无 BOM）”。"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _line_column(raw[: exc.start].decode("utf-8", "replace"), len(raw[: exc.start].decode("utf-8", "replace")))
        if _looks_like_gb18030(raw):
            return fatal("yaml-encoding",
                         "文件不是 UTF-8 编码，看起来是 GBK/GB18030 编码（Windows 中文系统的默认编码）。"
                         "请用 UTF-8 另存：记事本“另存为”→ 编码选“UTF-8”；VS Code 点右下角编码 →“通过编码保存”→“UTF-8”。",
                         line, column)
        return fatal("yaml-encoding", "文件不是 UTF-8 编码的文本，请用 UTF-8 编码另存。", line, column)

    character_findings = list(_character_findings(text, display))
    findings.extend(character_findings)
    if any(f.is_error for f in character_findings):
        return None, findings

    try:
        built = _build(text, display, with_positions=False)
    except _NeedsPositions:  # a duplicate key: its message names the line of the first one
        built = _build(text, display, with_positions=True)
    except yaml.MarkedYAMLError as exc:
        return None, findings + [_syntax_finding(exc, display, text)]
    except yaml.YAMLError as exc:
        return fatal("yaml-syntax", f"YAML 语法错误：{exc}")
    except _TooDeep as exc:
        return fatal("yaml-too-deep", f"嵌套层数过多（超过 {MAX_DEPTH} 层），请检查缩进或括号。",
                     exc.position.line, exc.position.column)
    if built is None:
        return fatal("yaml-empty", "文件是空的，没有任何内容。", 1, 1)
    findings.extend(built.findings)
    document = YamlDocument(display, built.data, text, long_numbers=built.long_numbers)
    if PLACEHOLDER in text:
        document.placeholders = list(_placeholder_paths(built.data, ()))
    return document, findings


def _placeholder_paths(value: Any, path: KeyPath) -> Iterator[KeyPath]:
    if isinstance(value, str):
        if PLACEHOLDER in value:
            yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _placeholder_paths(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _placeholder_paths(item, path + (index,))


def _looks_like_gb18030(raw: bytes) -> bool:
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return True


def _line_column(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def _character_findings(text: str, display: str) -> Iterator[Finding]:
    count = 0
    for match in _FORBIDDEN_CHARS.finditer(text):
        char = match.group()
        line, column = _line_column(text, match.start())
        yield Finding(display, line, column, Severity.ERROR, "yaml-invisible-character",
                      f"第 {line} 行第 {column} 列有一个看不见的控制字符 U+{ord(char):04X}"
                      f"{_describe_char(char)}，请删除它（从网页或 Word 复制文字时常会带入）。")
        count += 1
        if count >= MAX_CHARACTER_FINDINGS:
            return
    for match in _BAD_INDENT.finditer(text):
        line, column = _line_column(text, match.end() - 1)
        if match.group().endswith("\t"):
            yield Finding(display, line, column, Severity.ERROR, "yaml-tab",
                          "缩进里有制表符（Tab 键）。YAML 只能用空格缩进，请把 Tab 换成空格。")
        else:
            yield Finding(display, line, column, Severity.ERROR, "yaml-fullwidth-space",
                          "缩进里有全角空格。YAML 只能用半角空格缩进，请切换到英文输入法重新输入空格。")
        count += 1
        if count >= MAX_CHARACTER_FINDINGS:
            return


def _describe_char(char: str) -> str:
    if "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069" or char in "\u200e\u200f":
        return "（文字方向控制符，可能让文字显示的顺序与实际不同）"
    if char in "\u200b\u200c\u200d\u2060\ufeff":
        return "（零宽字符）"
    return ""


_SYNTAX_MESSAGES: list[tuple[str, str]] = [
    ("mapping values are not allowed",
     "这里不能出现“键: 值”。常见原因：上一行缩进不对；或者值里含有“: ”，需要给整个值加引号。"),
    ("could not find expected ':'",
     "找不到应有的冒号。请确认这一行写成“字段名: 值”（半角冒号，冒号后有空格），并检查引号是否成对。"),
    ("did not find expected key",
     "缩进不一致：这一行没有和同一层的其他字段对齐，或者上面有未闭合的引号。"),
    ("did not find expected '-' indicator",
     "列表缩进不一致：列表项的“- ”没有对齐。"),
    ("found undefined alias",
     "不支持锚点和别名（& 和 *），请把内容直接写出来。"),
    ("found unexpected end of stream",
     "文件在引号或括号闭合之前就结束了，请检查引号、括号是否成对。"),
    ("found unknown escape character",
     "双引号里的反斜杠“\\”组合无效。含反斜杠的文字（如 Windows 路径）请改用单引号。"),
    ("but found another document",
     "一个文件只能写一份记录：请删除多余的“---”分隔线，或把内容拆成多个文件。"),
    ("did not find expected ',' or ']'",
     "方括号 [ ] 没有闭合，或者列表项之间缺少逗号。"),
    ("did not find expected ',' or '}'",
     "花括号 { } 没有闭合，或者字段之间缺少逗号。"),
    ("did not find expected node content",
     "这里缺少内容，或者出现了不能开头的字符（如 @、`、%），请给这个值加引号。"),
    ("found character that cannot start any token",
     "这里出现了不能开头的字符（如 @、`、%），请给这个值加引号。"),
    ("found a tab character",
     "这里有制表符（Tab 键），YAML 只能用空格缩进，请把 Tab 换成空格。"),
    ("expected <block end>",
     "缩进不一致：这一行比同一层的其他内容缩进得多或少。"),
]


_KEY_WITH_TEXT = re.compile(r"^\s*(?:- +)?([A-Za-z_][A-Za-z0-9_\-]*): +([^|>\s\"'\[{&*!#][^#]*)$")
_ENTRY_START = re.compile(r"^\s*(?:- |#|[A-Za-z_][A-Za-z0-9_\-]*:(?: |$))")


def _continued_text(lines: list[str], index: int) -> str | None:
    """The key whose text the line at ``index`` goes on with, when it is the second line of a text
    broken where YAML needs the text on one line (or under “key: |”); None otherwise."""
    line = lines[index] if index < len(lines) else ""
    if not line.strip() or _ENTRY_START.match(line) or ": " in line:
        return None
    previous = next((lines[i] for i in range(index - 1, -1, -1) if lines[i].strip() and not lines[i].lstrip().startswith("#")), "")
    match = _KEY_WITH_TEXT.match(previous)
    return match.group(1) if match else None


def _line_break_message(key: str) -> str:
    return (f"这一行接着上一行“{key}”的文字，但 YAML 中一段文字不能这样换行。请把它接到上一行末尾；"
            f"如果确实要分行，请把上一行写成“{key}: |”，文字从下一行起、比 {key} 多缩进两格，每行缩进相同。")


def _syntax_finding(exc: yaml.MarkedYAMLError, display: str, text: str) -> Finding:
    problem = exc.problem or ""
    mark = exc.problem_mark
    lines = text.splitlines()
    # libyaml reports a missing ':' on the line after the key; the key's own line is clearer.
    missing_colon = "could not find expected ':'" in problem and exc.context_mark is not None
    if missing_colon:
        mark = exc.context_mark
    if mark is None:
        return Finding(display, None, None, Severity.ERROR, "yaml-syntax", f"YAML 语法错误（{problem}）。")
    source_line = lines[mark.line] if mark.line < len(lines) else ""
    if _FULLWIDTH_COLON_KEY.match(source_line.lstrip(" -")):
        return Finding(display, mark.line + 1, source_line.index("：") + 1, Severity.ERROR,
                       "yaml-fullwidth-colon", _FULLWIDTH_COLON_MESSAGE)
    key = _continued_text(lines, mark.line) if missing_colon else None
    if key is not None:
        column = len(source_line) - len(source_line.lstrip()) + 1
        return Finding(display, mark.line + 1, column, Severity.ERROR, "yaml-line-break", _line_break_message(key))
    message = next((message for needle, message in _SYNTAX_MESSAGES if needle in problem),
                   f"YAML 语法错误（{problem}）。")
    return Finding(display, mark.line + 1, mark.column + 1, Severity.ERROR, "yaml-syntax", message)


class _TooDeep(Exception):
    def __init__(self, position: Position) -> None:
        self.position = position


class _NeedsPositions(Exception):
    """Raised by a build without positions when a finding needs one it did not keep."""


@dataclass
class _Built:
    data: Any
    findings: list[Finding]
    value_positions: dict[KeyPath, Position]
    key_positions: dict[KeyPath, Position]
    long_numbers: list[KeyPath]


_EXPECT_KEY = object()  # a mapping waiting for its next key
_SKIP = object()  # a mapping entry that was reported and is left out


class _Container:
    """A mapping or sequence being filled while its events arrive."""

    __slots__ = ("value", "key", "path", "is_mapping")

    def __init__(self, value: dict | list, path: KeyPath) -> None:
        self.value: Any = value  # which of the two is told by is_mapping, checked once per event
        self.is_mapping = isinstance(value, dict)
        self.key: Any = _EXPECT_KEY if self.is_mapping else None
        self.path = path

    def child_path(self) -> KeyPath:
        return self.path + ((self.key,) if self.is_mapping else (len(self.value),))


def _build(text: str, display: str, *, with_positions: bool) -> _Built | None:
    """Turn the parser's events into plain values in one pass, with no node tree in between.

    Positions of values and keys are kept only ``with_positions``: a valid file never needs
    them, so YamlDocument asks for them again only when a finding is about to name a line.
    Returns None for a file with no document at all."""
    parser = CParser(text)
    findings: list[Finding] = []
    value_positions: dict[KeyPath, Position] = {}
    key_positions: dict[KeyPath, Position] = {}
    anchors: dict[str, Position] = {}
    used_anchors: set[str] = set()
    stack: list[_Container] = []
    documents = 0
    root: Any = None
    long_numbers: list[KeyPath] = []  # where a text may read as a long number

    def report(mark: Any, code: str, message: str) -> None:
        findings.append(Finding(display, mark.line + 1, mark.column + 1, Severity.ERROR, code, message))

    def start(mark: Any, anchor: str | None) -> KeyPath:
        """Note where a value starts; the path it will have, when positions are kept."""
        if len(stack) > MAX_DEPTH:
            raise _TooDeep(_position(mark))
        if anchor is not None:
            anchors.setdefault(anchor, _position(mark))
        if not with_positions or (stack and stack[-1].key in (_EXPECT_KEY, _SKIP)):
            return ()
        path = stack[-1].child_path() if stack else ()
        value_positions[path] = _position(mark)
        return path

    def place(value: Any) -> None:
        nonlocal root
        if not stack:
            root = value
            return
        parent = stack[-1]
        if not parent.is_mapping:
            parent.value.append(value)
        elif parent.key is _EXPECT_KEY:
            parent.key = _SKIP  # a key that is not text was reported where it started
        else:
            if parent.key is not _SKIP:
                parent.value[parent.key] = value
            parent.key = _EXPECT_KEY

    def take_key(event: Any, parent: _Container) -> None:
        key = sys.intern(event.value)  # keys stay text: `no:` or `2021:` never turn into False or 2021
        if event.anchor is not None:
            anchors.setdefault(event.anchor, _position(event.start_mark))
        if event.tag is not None and event.tag not in (_TAG + "str", "!", _TAG + "merge"):
            report(event.start_mark, "yaml-tag", f"不支持 YAML 标签“{event.tag}”，字段名前不能有以“!”开头的标记。")
            parent.key = _SKIP
            return
        if event.style == '"' and _FORBIDDEN_CHARS.search(key):
            report(event.start_mark, "yaml-invisible-character", _escaped_char_message(key, "字段名"))
            parent.key = _SKIP
            return
        if len(key) > MAX_KEY_CHARS:
            report(event.start_mark, "yaml-too-long",
                   f"这个字段名有 {len(key)} 个字符，超过 {MAX_KEY_CHARS} 个字符，不是表格里的字段。"
                   "请检查是否漏写了冒号后的空格，或把正文误写成了字段名。")
            parent.key = _SKIP
            return
        if (event.tag == _TAG + "merge") or (key == "<<" and event.implicit[0]):
            report(event.start_mark, "yaml-merge-key", "不支持合并键“<<”，请把要合并的字段直接写出来。")
            parent.key = _SKIP
            return
        if key in parent.value:
            if not with_positions:
                raise _NeedsPositions
            first = key_positions[parent.path + (key,)]
            line = event.start_mark.line + 1
            report(event.start_mark, "yaml-duplicate-key",
                   f"字段“{key}”重复出现：第 {first.line} 行已经写过，这里第 {line} 行又写了一次。"
                   "YAML 只会保留其中一个，请删除或合并重复的字段。")
            parent.key = _SKIP
            return
        parent.key = key
        if with_positions:
            key_positions[parent.path + (key,)] = _position(event.start_mark)

    try:
        while True:
            event: Any = parser.get_event()  # typed by kind below: the parser gives no static type
            kind = type(event)
            if kind is ScalarEvent:  # the common case, so written out here rather than in place()
                parent = stack[-1] if stack else None
                if parent is not None and parent.key is _EXPECT_KEY:
                    take_key(event, parent)
                    continue
                if with_positions or event.anchor is not None or len(stack) > MAX_DEPTH:
                    start(event.start_mark, event.anchor)
                value = _scalar(event, report)
                if event.end_mark.line != event.start_mark.line and not event.style:
                    findings.append(_folded_finding(event, display, text))
                if type(value) is str and len(value) >= 11 and may_hold_long_number(value):
                    where = tuple(c.key if c.is_mapping else len(c.value) for c in stack)
                    if _SKIP not in where:  # under a refused key the value is left out of the data
                        long_numbers.append(where)
                if parent is None:
                    root = value
                elif not parent.is_mapping:
                    parent.value.append(value)
                else:
                    if parent.key is not _SKIP:
                        parent.value[parent.key] = value
                    parent.key = _EXPECT_KEY
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if stack and stack[-1].is_mapping and stack[-1].key is _EXPECT_KEY:
                    report(event.start_mark, "yaml-complex-key", "字段名必须是一段文字，不能是列表或映射。")
                path = start(event.start_mark, event.anchor)
                if event.tag is not None and event.tag not in _KNOWN_TAGS and event.tag != "!":
                    report(event.start_mark, "yaml-tag", f"不支持 YAML 标签“{event.tag}”，请删除以“!”开头的标记。")
                stack.append(_Container({} if kind is MappingStartEvent else [], path))
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                place(stack.pop().value)
            elif kind is AliasEvent:
                used_anchors.add(event.anchor)
                report(event.start_mark, "yaml-alias", f"不支持别名“*{event.anchor}”，请把它指向的内容直接写在这里。")
                start(event.start_mark, None)
                place(None)
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise yaml.MarkedYAMLError("expected a single document in the stream", None,
                                               "but found another document", event.start_mark)
            elif kind is StreamEndEvent:
                break
    finally:
        parser.dispose()
    if documents == 0:
        return None
    for name, position in anchors.items():
        if name not in used_anchors:
            findings.append(Finding(display, position.line, position.column, Severity.ERROR,
                                    "yaml-anchor", f"不支持锚点“&{name}”，请删除它。"))
    findings.sort(key=lambda finding: (finding.line or 0, finding.column or 0))
    return _Built(root, findings, value_positions, key_positions, long_numbers)


def _folded_finding(event: Any, display: str, text: str) -> Finding:
    """A plain text going on onto deeper-indented lines: YAML joins them with a space, silently."""
    line = event.start_mark.line + 1  # the first continuation line, counted from 0
    shown = text.splitlines()[line] if line < len(text.splitlines()) else ""
    column = len(shown) - len(shown.lstrip()) + 1
    return Finding(display, line + 1, column, Severity.WARNING, "yaml-folded-text",
                   f"这一行接着上一行的文字，YAML 会把两行接成一行（换行处变成一个空格），读出的是“{_short(event.value)}”。"
                   "如果这是同一段话，请把它接到上一行末尾；如果要保留换行，请把上一行的字段写成“字段名: |”，"
                   "文字从下一行起、比字段名多缩进两格。")


def _short(text: str) -> str:
    return text if len(text) <= 30 else text[:30] + "…"


def _position(mark: Any) -> Position:
    return Position(mark.line + 1, mark.column + 1)


def _scalar(event: Any, report: Callable[[Any, str, str], None]) -> Any:
    value: str = event.value
    if len(value) > MAX_TEXT_CHARS:
        report(event.start_mark, "yaml-too-long",
               f"这段文字有 {len(value)} 个字符，超过 {MAX_TEXT_CHARS} 个字符的上限，不像是手工填写的内容。"
               "较长的材料请作为佐证材料（附件）提交，这里只写摘要。")
        return None
    tag = event.tag
    plain = not event.style  # the C parser gives '' for plain scalars, the Python one None
    if tag is None or tag == "!":
        tag = _implicit_tag(value) if plain and event.implicit[0] else _TAG + "str"
    elif tag not in _KNOWN_TAGS:
        report(event.start_mark, "yaml-tag", f"不支持 YAML 标签“{tag}”，请删除以“!”开头的标记。")
        return None
    if event.style == '"' and _FORBIDDEN_CHARS.search(value):  # only escapes make what the text lacks
        report(event.start_mark, "yaml-invisible-character", _escaped_char_message(value, "这段文字"))
    if not plain or tag == _TAG + "str":
        if plain and "：" in value and _FULLWIDTH_COLON_KEY.match(value):
            report(event.start_mark, "yaml-fullwidth-colon", _FULLWIDTH_COLON_MESSAGE)
        return sys.intern(value)
    tag = tag[len(_TAG):]
    if tag == "null":
        return None
    if tag == "bool":
        if value.lower() in _YAML11_BOOLEANS:
            return value.lower() == "true"
        report(event.start_mark, "yaml-ambiguous-bool",
               f"“{value}”在 YAML 里会被当成真假值。表示是/否请写 true 或 false；"
               f"如果就是文字“{value}”，请加引号：\"{value}\"。")
        return value
    if tag == "int":
        if _OCTAL_LIKE.match(value) or ":" in value or "_" in value or value.lstrip("+-")[:2].lower() in ("0o", "0x", "0b"):
            report(event.start_mark, "yaml-ambiguous-number", _ambiguous_number_message(value))
            return value
        # checked on the digits first: Python refuses to convert more than 4,300 of them
        if len(value.lstrip("+-")) > _MAX_INTEGER_DIGITS or abs(int(value)) > MAX_SAFE_INTEGER:
            report(event.start_mark, "yaml-number-range", _number_range_message(value))
            return None
        return int(value)
    if tag == "float":
        if ":" in value or "_" in value or value.lower().lstrip("+-") in (".inf", ".nan"):
            report(event.start_mark, "yaml-ambiguous-number", _ambiguous_number_message(value))
            return value
        number = float(value)
        if not math.isfinite(number) or abs(number) > MAX_SAFE_INTEGER:
            report(event.start_mark, "yaml-number-range", _number_range_message(value))
            return None
        return number
    # Timestamps: records keep dates as the text written (YYYY-MM-DD); the schema checks it.
    return value


def _number_range_message(value: str) -> str:
    shown = value if len(value) <= 30 else f"{value[:12]}……（共 {len(value)} 位）"
    return (f"数字“{shown}”超出了允许的范围（绝对值不超过 {MAX_SAFE_INTEGER}），不像是手工填写的数字。"
            "如果是编号或代码，请加引号写成文字。")


def _escaped_char_message(text: str, what: str) -> str:
    match = _FORBIDDEN_CHARS.search(text)
    assert match is not None
    char = match.group()
    return (f"{what}里用转义写法“\\u{ord(char):04x}”写入了看不见的控制字符 U+{ord(char):04X}"
            f"{_describe_char(char)}，请删除它。")


def _implicit_tag(value: str) -> str:
    """The tag YAML 1.1 gives a plain scalar, as PyYAML's resolver decides it."""
    resolvers = _IMPLICIT_RESOLVERS.get(value[:1])
    if resolvers is not None:  # most text starts with a character no resolver looks at
        for tag, pattern in resolvers:
            if pattern.match(value):
                return tag
    return _TAG + "str"


def _ambiguous_number_message(value: str) -> str:
    if ":" in value:
        return (f"“{value}”在 YAML 里会被当成六十进制数字而不是时间。"
                f"如果是时间或编号，请加引号：\"{value}\"。")
    if value.lstrip("+-")[:2].lower() in ("0x", "0b"):
        return (f"“{value}”在 YAML 里会被当成十六进制或二进制数字。"
                f"如果是编号或代码，请加引号：\"{value}\"；如果是数字，请写普通十进制数。")
    if value.lstrip("+-").startswith("0") and len(value.lstrip("+-")) > 1:
        return (f"以 0 开头的“{value}”在 YAML 里可能被当成八进制数字。"
                f"如果是编号或代码，请加引号：\"{value}\"；如果是数字，请去掉开头的 0。")
    return f"“{value}”的写法在不同工具里含义不同。如果是文字请加引号：\"{value}\"；如果是数字请写普通十进制数。"
