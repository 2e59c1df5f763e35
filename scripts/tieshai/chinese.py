"""Numbers and dates written the Chinese way, as an official document writes them, and digits
as a reader sees them, however they are written.

The site's pages and the review summaries both number the campaign's actions (专项行动三), so the
numerals are written in one place.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date

_DIGITS = "〇一二三四五六七八九"


def chinese_number(value: int) -> str:
    """1 -> 一, 10 -> 十, 14 -> 十四, 23 -> 二十三; from 100 on, and below 0, the digits (a plan
    numbers its actions in the tens at most; nothing it holds may make this fail)."""
    if not 0 <= value < 100:
        return str(value)
    if value < 10:
        return _DIGITS[value]
    tens, ones = divmod(value, 10)
    return (_DIGITS[tens] if tens > 1 else "") + "十" + (_DIGITS[ones] if ones else "")


def chinese_date(value: date | str) -> str:
    """2021-04-30 (a date or its ISO text) -> 2021年4月30日."""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return f"{value.year}年{value.month}月{value.day}日"


def clause(text: str) -> str:
    """``text`` without its closing full stop, to sit inside a longer sentence."""
    return text.rstrip("。；;.， ")


def chinese_period(value: str) -> str:
    """A reporting period as a reader says it: 2021-q2 -> 2021年第二季度, 2021 -> 2021年度;
    anything else (an id) as it is."""
    quarter = re.fullmatch(r"([0-9]{4})-q([1-4])", value)
    if quarter:
        return f"{quarter[1]}年第{chinese_number(int(quarter[2]))}季度"
    return f"{value}年度" if re.fullmatch(r"[0-9]{4}", value) else value


def chinese_periods(values: Iterable[str]) -> str:
    """Quarters as one phrase, a year's once: 2021-q1, 2021-q2 -> 2021年第一、二季度."""
    by_year: dict[str, list[str]] = {}
    for value in sorted(values):
        quarter = re.fullmatch(r"([0-9]{4})-q([1-4])", value)
        if quarter:
            by_year.setdefault(quarter[1], []).append(chinese_number(int(quarter[2])))
        else:
            by_year.setdefault(chinese_period(value), [])
    return "、".join(f"{year}年第{'、'.join(numbers)}季度" if numbers else year for year, numbers in by_year.items())


def chinese_quarter(value: str) -> str:
    """A quarter without its year, where the year is said once above: 2021-q2 -> 第二季度."""
    quarter = re.fullmatch(r"[0-9]{4}-q([1-4])", value)
    return f"第{chinese_number(int(quarter[1]))}季度" if quarter else chinese_period(value)


# Characters that NFKC turns into digits besides the decimal digits of every script: superscripts,
# fractions, circled and parenthesised numbers, squared units and dates. Drawn from Python's
# Unicode data; tests/test_personal_data.py checks that the list is whole.
_DIGIT_LIKE = ("\u00b2\u00b3\u00b9\u00bc-\u00be\u2070\u2074-\u2079\u2080-\u2089\u2150-\u215f\u2189"
               "\u2460-\u249b\u24ea\u3251-\u325f\u32b1-\u32cb\u3358-\u3370\u3378\u3379\u339f-\u33a6"
               "\u33a8\u33af\u33e0-\u33fe\U0001f100-\U0001f10a")
_MAY_HOLD_LONG_NUMBER = re.compile(rf"[{_DIGIT_LIKE}]|(?:\d\D*+){{11}}")
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")  # a decimal digit of another script


def may_hold_long_number(text: str) -> bool:
    """Whether ``text`` may read as a number of 11 digits or more (a phone, identity or bank-card
    number): it has 11 decimal digits of any script, or a character NFKC turns into digits. Cheap,
    so that most texts need no closer look; never false where a closer look could find one."""
    return _MAY_HOLD_LONG_NUMBER.search(text) is not None


def normalised(text: str) -> str:
    """``text`` as a reader sees it: NFKC (full-width forms, the no-break space), and every
    Unicode digit as its ASCII digit."""
    text = unicodedata.normalize("NFKC", text)
    if text.isascii() or not _OTHER_DIGIT.search(text):
        return text  # nearly every text: Chinese without digits of another script
    return _OTHER_DIGIT.sub(lambda digit: str(unicodedata.decimal(digit.group())), text)


_NUMERALS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUMERAL_UNITS = {"十": 10, "百": 100, "千": 1000}
# what a count is written with in a sentence: 21 个, 3 起, 5 件, 80%
_COUNT_WORDS = re.compile(r"\s*(个|件|起|项|人|次|家|份|条|宗|户|元|万元|%|％)\s*")
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")


def _numeral_value(text: str) -> int | None:
    """二十一 -> 21, 一百零五 -> 105, 十 -> 10, 三万二千 -> 32000; None for anything else."""
    if not text or any(char not in _NUMERALS and char not in _NUMERAL_UNITS and char != "万" for char in text):
        return None
    total = section = digit = 0
    for char in text:
        if char in _NUMERALS:
            digit = _NUMERALS[char]
        elif char == "万":
            total, section, digit = (total + section + digit) * 10_000, 0, 0
        else:
            section += (digit or 1) * _NUMERAL_UNITS[char]
            digit = 0
    return total + section + digit


def number_written(text: str) -> tuple[int | float, str] | None:
    """The number a text written in place of one means, and how it was written: as text (“引号”),
    in full-width or another script's digits (“全角数字”), in Chinese numerals (“汉字数字”), or
    with a word of count after it (“单位”); None when it is no number at all."""
    plain = normalised(text).strip()
    counted = _COUNT_WORDS.sub("", plain)
    for candidate, how in ((plain, "引号" if plain == text.strip() else "全角数字"), (counted, "单位")):
        if _PLAIN_NUMBER.fullmatch(candidate):
            value = float(candidate)
            return (int(value) if value.is_integer() and "." not in candidate else value), how
    numeral = _numeral_value(counted)
    return (numeral, "汉字数字") if numeral is not None else None
