"""Simplified Chinese for argparse's own messages (usage lines, errors, help headings), and a help
layout for Chinese text.

argparse looks its strings up through gettext at call time; pointing its lookup at this table
gives Chinese output without a compiled message catalogue. Its layout counts characters, which
misaligns Chinese (two columns each) and breaks codes at their hyphens: ChineseHelpFormatter
counts columns instead.
"""

from __future__ import annotations

import argparse
import re
import unicodedata

_MESSAGES = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项 %(value)r（可选：%(choices)s）",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "expected one argument": "需要一个值",
    "expected at least one argument": "至少需要一个值",
    "invalid %(type)s value: %(value)r": "无效的值：%(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是：%(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "忽略了多余的值 %r",
    "show program's version number and exit": "显示版本号并退出",
}


def _gettext(message: str) -> str:
    return _MESSAGES.get(message, message)


def _ngettext(singular: str, plural: str, count: int) -> str:
    return _gettext(singular if count == 1 else plural)


def install() -> None:
    argparse._ = _gettext  # type: ignore[attr-defined]
    argparse.ngettext = _ngettext  # type: ignore[attr-defined]


def use_chinese_layout(parser: argparse.ArgumentParser) -> None:
    """Lay out the help of ``parser`` and of each of its commands with ChineseHelpFormatter."""
    parser.formatter_class = ChineseHelpFormatter
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for command in action.choices.values():
                use_chinese_layout(command)


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: a Chinese character (or a full-width form) takes two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


# a run of ASCII letters, digits and the punctuation of codes and paths is never broken
_TOKENS = re.compile(r"[\x21-\x7e]+|\s+|.")


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` columns, each "\\n" of ``text`` starting a new one; Chinese may
    break between any two characters, a code (self-inspection, --unit) never."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0
        for token in _TOKENS.findall(" ".join(paragraph.split())):
            size = display_width(token)
            if used + size > width and line.strip():
                lines.append(line.rstrip())
                line, used = ("", 0) if token.isspace() else (token, size)
                continue
            line, used = line + token, used + size
        lines.append(line.rstrip())
    return lines


class ChineseHelpFormatter(argparse.HelpFormatter):
    """argparse's help, laid out for Chinese: headings end in a full-width colon, columns line up
    by display width (a Chinese metavariable takes two columns a character), text wraps by width
    without breaking a code, a help text's "\\n" starts a new line, and a group of commands lists
    the commands alone, not the group's own name again."""

    class _Section(argparse.HelpFormatter._Section):
        def format_help(self) -> str:
            heading, self.heading = self.heading, None
            body = super().format_help()
            self.heading = heading
            if not body or heading in (None, argparse.SUPPRESS):
                return body
            return "\n" + " " * self.formatter._current_indent + f"{heading}：" + body

    def add_argument(self, action: argparse.Action) -> None:
        if action.help is argparse.SUPPRESS:
            return
        invocations = [self._format_action_invocation(action)] if not _is_commands(action) else []
        invocations += [self._format_action_invocation(sub) for sub in _subactions(action)]
        if invocations:
            length = max(map(display_width, invocations)) + self._current_indent
            self._action_max_length = max(self._action_max_length, length)
        self._add_item(self._format_action, [action])

    def _format_action(self, action: argparse.Action) -> str:
        if _is_commands(action):
            return "".join(self._format_action(sub) for sub in _subactions(action))
        help_position = min(self._action_max_length + 2, self._max_help_position)
        help_width = max(self._width - help_position, 11)
        action_width = help_position - self._current_indent - 2
        header = " " * self._current_indent + self._format_action_invocation(action)
        help_text = self._expand_help(action) if action.help else ""
        if not help_text:
            return header + "\n"
        lines = self._split_lines(help_text, help_width)
        if display_width(header) - self._current_indent <= action_width:
            first = header + " " * (help_position - display_width(header)) + lines[0] + "\n"
        else:
            first = header + "\n" + " " * help_position + lines[0] + "\n"
        return first + "".join(" " * help_position + line + "\n" for line in lines[1:])

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrap(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for line in wrap(text, width))


def _is_commands(action: argparse.Action) -> bool:
    return isinstance(action, argparse._SubParsersAction)


def _subactions(action: argparse.Action) -> list[argparse.Action]:
    return list(action._get_subactions()) if isinstance(action, argparse._SubParsersAction) else []
