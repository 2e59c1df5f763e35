"""Suggestions for a value nobody knows: the known value a person most likely meant.

Every message that names an unknown id, folder, field or choice guesses by spelling with the
same measure, so that one typo gets the same suggestion wherever it is made.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

# How alike (difflib's ratio) a known value must be to be suggested: "minr" -> "minor" is, an
# unrelated word is not.
_CUTOFF = 0.5


def closest(value: object, known: Iterable[object]) -> str | None:
    """The known value (as text) spelt most like ``value``; None when none is alike enough.
    Values are compared as text, so numbers in a schema's choices are suggested too."""
    matches = difflib.get_close_matches(str(value), [str(option) for option in known], n=1, cutoff=_CUTOFF)
    return matches[0] if matches else None


def did_you_mean(value: object, known: Iterable[object], otherwise: str = "") -> str:
    """“是否想写“…”？” naming the closest known value, or ``otherwise`` (say, the list of what
    exists) when none is close: a wrong guess would mislead more than no guess."""
    near = closest(value, known)
    return f"是否想写“{near}”？" if near is not None else otherwise
