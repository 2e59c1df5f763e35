"""The one strict YAML loader: every YAML file the tool reads goes through here.

PyYAML's C parser composes the node tree; this module turns nodes into plain Python values
itself, so that nothing YAML 1.1 would silently change reaches the schema check: duplicate keys,
anchors and aliases, ``yes``/``no`` booleans, ``010`` octals, ``12:30`` sexagesimals. Unquoted
dates stay the text the person wrote. Every value's and every key's position is kept, so that a
finding about any field can name its line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, NamedTuple

import yaml

from .findings import PLACEHOLDER, Finding, Severity

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40
MAX_CHARACTER_FINDINGS = 5

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
_LONG_NUMBER = re.compile(r"\d{11}")
_OCTAL_LIKE = re.compile(r"^[-+]?0[0-9_]+$")
_YAML11_BOOLEANS = {"true", "false"}


class Position(NamedTuple):  # a tuple: one is made for every value and key of every file
    line: int
    column: int


@dataclass
class YamlDocument:
    """A loaded file: its data plus the position of every value and every mapping key."""

    file: str
    data: Any
    value_positions: dict[KeyPath, Position] = field(default_factory=dict)
    key_positions: dict[KeyPath, Position] = field(default_factory=dict)
    # noted while loading, so that rules need not walk every value again
    placeholders: list[KeyPath] = field(default_factory=list)  # text values still holding “待填写”
    long_numbers: bool = False  # the text has a run of 11+ digits (a possible personal number)

    def position(self, path: KeyPath) -> Position | None:
        """Where the value at ``path`` starts, or its nearest ancestor when it is missing."""
        for end in range(len(path), -1, -1):
            found = self.value_positions.get(tuple(path[:end]))
            if found:
                return found
        return None

    def key_position(self, path: KeyPath) -> Position | None:
        """Where the key of the mapping entry at ``path`` starts (falls back to its value)."""
        return self.key_positions.get(tuple(path)) or self.position(path)

    def finding(self, path: KeyPath, code: str, message: str, *, at_key: bool = False,
                severity: Severity = Severity.ERROR) -> Finding:
        pos = self.key_position(path) if at_key else self.position(path)
        return Finding(self.file, pos.line if pos else None, pos.column if pos else None,
                       severity, code, message)


def load_yaml_file(path: Path, display: str) -> tuple[YamlDocument | None, list[Finding]]:
    """Read and strictly load one YAML file. Returns None as the document on a fatal problem."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return None, [Finding(display, None, None, Severity.ERROR, "file-unreadable",
                              f"无法读取文件：{exc.strerror or exc}")]
    return load_yaml_bytes(raw, display)


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

    loader = yaml.CSafeLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        return None, findings + [_syntax_finding(exc, display, text)]
    except yaml.YAMLError as exc:
        return fatal("yaml-syntax", f"YAML 语法错误：{exc}")
    except RecursionError:
        return fatal("yaml-too-deep", f"嵌套层数过多（超过 {MAX_DEPTH} 层），请检查缩进或括号。")
    finally:
        loader.dispose()
    if node is None:
        return fatal("yaml-empty", "文件是空的，没有任何内容。", 1, 1)

    if "&" in text:  # cheap test first: anchors are rare, and finding them needs the events
        findings.extend(_anchor_findings(text, display))
    document = YamlDocument(display, None, long_numbers=_LONG_NUMBER.search(text) is not None)
    builder = _Builder(document)
    try:
        document.data = builder.build(node, ())
    except _TooDeep as exc:
        return fatal("yaml-too-deep", f"嵌套层数过多（超过 {MAX_DEPTH} 层），请检查缩进或括号。",
                     exc.position.line, exc.position.column)
    findings.extend(builder.findings)
    return document, findings


def _anchor_findings(text: str, display: str) -> Iterator[Finding]:
    """Each alias (*name) where it is used, and each anchor (&name) no alias uses: records must
    spell everything out, since YAML tools expand these differently (and without bound)."""
    anchors: dict[str, yaml.Mark] = {}
    used: set[str] = set()
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        if isinstance(event, yaml.AliasEvent):
            used.add(event.anchor)
            yield Finding(display, event.start_mark.line + 1, event.start_mark.column + 1, Severity.ERROR,
                          "yaml-alias", f"不支持别名“*{event.anchor}”，请把它指向的内容直接写在这里。")
        elif getattr(event, "anchor", None):
            anchors.setdefault(event.anchor, event.start_mark)
    for name, mark in anchors.items():
        if name not in used:
            yield Finding(display, mark.line + 1, mark.column + 1, Severity.ERROR,
                          "yaml-anchor", f"不支持锚点“&{name}”，请删除它。")


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


def _syntax_finding(exc: yaml.MarkedYAMLError, display: str, text: str) -> Finding:
    problem = exc.problem or ""
    mark = exc.problem_mark
    # libyaml reports a missing ':' on the line after the key; the key's own line is clearer.
    if "could not find expected ':'" in problem and exc.context_mark is not None:
        mark = exc.context_mark
    if mark is None:
        return Finding(display, None, None, Severity.ERROR, "yaml-syntax", f"YAML 语法错误（{problem}）。")
    lines = text.splitlines()
    source_line = lines[mark.line] if mark.line < len(lines) else ""
    if _FULLWIDTH_COLON_KEY.match(source_line.lstrip(" -")):
        return Finding(display, mark.line + 1, source_line.index("：") + 1, Severity.ERROR,
                       "yaml-fullwidth-colon", _FULLWIDTH_COLON_MESSAGE)
    message = next((message for needle, message in _SYNTAX_MESSAGES if needle in problem),
                   f"YAML 语法错误（{problem}）。")
    return Finding(display, mark.line + 1, mark.column + 1, Severity.ERROR, "yaml-syntax", message)


class _TooDeep(Exception):
    def __init__(self, position: Position) -> None:
        self.position = position


class _Builder:
    """Turns a composed node tree into plain values, recording positions and strictness findings."""

    def __init__(self, document: YamlDocument) -> None:
        self.document = document
        self.findings: list[Finding] = []
        self._seen: set[int] = set()

    def _report(self, node: yaml.Node, code: str, message: str) -> None:
        self.findings.append(Finding(self.document.file, node.start_mark.line + 1,
                                     node.start_mark.column + 1, Severity.ERROR, code, message))

    def build(self, node: yaml.Node, path: KeyPath) -> Any:
        position = Position(node.start_mark.line + 1, node.start_mark.column + 1)
        if len(path) > MAX_DEPTH:
            raise _TooDeep(position)
        self.document.value_positions[path] = position
        # The composer hands back the very same node object wherever an alias points to it;
        # the alias itself was reported from the parser's events, at its own position.
        if id(node) in self._seen:
            return None
        self._seen.add(id(node))
        if node.tag not in _KNOWN_TAGS:
            self._report(node, "yaml-tag", f"不支持 YAML 标签“{node.tag}”，请删除以“!”开头的标记。")
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (index,)) for index, item in enumerate(node.value)]
        value = self._scalar(node)
        if isinstance(value, str) and PLACEHOLDER in value:
            self.document.placeholders.append(path)
        return value

    def _mapping(self, node: yaml.MappingNode, path: KeyPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                self._report(key_node, "yaml-merge-key", "不支持合并键“<<”，请把要合并的字段直接写出来。")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self._report(key_node, "yaml-complex-key", "字段名必须是一段文字，不能是列表或映射。")
                continue
            key = key_node.value  # keys stay text: `no:` or `2021:` never turn into False or 2021
            key_position = Position(key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in result:
                first = self.document.key_positions[path + (key,)]
                self._report(key_node, "yaml-duplicate-key",
                             f"字段“{key}”重复出现：第 {first.line} 行已经写过，这里第 {key_position.line} 行又写了一次。"
                             "YAML 只会保留其中一个，请删除或合并重复的字段。")
                continue
            self.document.key_positions[path + (key,)] = key_position
            result[key] = self.build(value_node, path + (key,))
        return result

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        value: str = node.value
        plain = not node.style  # the C parser gives '' for plain scalars, the Python one None
        if not plain or node.tag == _TAG + "str":
            if plain and _FULLWIDTH_COLON_KEY.match(value):
                self._report(node, "yaml-fullwidth-colon", _FULLWIDTH_COLON_MESSAGE)
            return value
        tag = node.tag[len(_TAG):]
        if tag == "null":
            return None
        if tag == "bool":
            if value.lower() in _YAML11_BOOLEANS:
                return value.lower() == "true"
            self._report(node, "yaml-ambiguous-bool",
                         f"“{value}”在 YAML 里会被当成真假值。表示是/否请写 true 或 false；"
                         f"如果就是文字“{value}”，请加引号：\"{value}\"。")
            return value
        if tag == "int":
            if _OCTAL_LIKE.match(value) or ":" in value or "_" in value or value[:2].lower() in ("0o", "0x", "0b"):
                self._report(node, "yaml-ambiguous-number", _ambiguous_number_message(value))
                return value
            return int(value)
        if tag == "float":
            if ":" in value or "_" in value or value.lower().lstrip("+-") in (".inf", ".nan"):
                self._report(node, "yaml-ambiguous-number", _ambiguous_number_message(value))
                return value
            return float(value)
        # Timestamps: records keep dates as the text written (YYYY-MM-DD); the schema checks it.
        return value


def _ambiguous_number_message(value: str) -> str:
    if ":" in value:
        return (f"“{value}”在 YAML 里会被当成六十进制数字而不是时间。"
                f"如果是时间或编号，请加引号：\"{value}\"。")
    if value.lstrip("+-").startswith("0") and len(value.lstrip("+-")) > 1:
        return (f"以 0 开头的“{value}”在 YAML 里可能被当成八进制数字。"
                f"如果是编号或代码，请加引号：\"{value}\"；如果是数字，请去掉开头的 0。")
    return f"“{value}”的写法在不同工具里含义不同。如果是文字请加引号：\"{value}\"；如果是数字请写普通十进制数。"
