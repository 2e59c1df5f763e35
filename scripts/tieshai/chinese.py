"""Numbers and dates written the Chinese way, as an official document writes them.

The site's pages and the review summaries both number the campaign's actions (专项行动三), so the
numerals are written in one place.
"""

from __future__ import annotations

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
