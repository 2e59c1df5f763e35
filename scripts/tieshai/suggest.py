"""Suggestions for a value nobody knows: the known value a person most likely meant.

Every message that names an unknown id, folder, field or choice guesses by spelling with the
same measure, so that one typo gets the same suggestion wherever it is made. A choice that has a
Chinese name is also guessed by meaning: its name, or a word people write for it. A guess never
turns a negative into a positive or back (“正在整改” is not “未整改”).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

from tieshai.chinese import normalised
from tieshai.vocabulary import SYNONYMS

# How alike (difflib's ratio) a known value must be to be suggested: "minr" -> "minor" is, an
# unrelated word is not.
_CUTOFF = 0.5
_NEGATIONS = frozenset("未不没无非否")


def _negative(text: str) -> bool:
    return not _NEGATIONS.isdisjoint(text)


def closest(value: object, known: Iterable[object]) -> str | None:
    """The known value (as text) spelt most like ``value``; None when none is alike enough.
    Values are compared as text, so numbers in a schema's choices are suggested too."""
    text = str(value)
    matches = difflib.get_close_matches(text, [str(option) for option in known], n=3, cutoff=_CUTOFF)
    return next((match for match in matches if _negative(match) == _negative(text)), None)


def did_you_mean(value: object, known: Iterable[object], otherwise: str = "") -> str:
    """“是否想写“…”？” naming the closest known value, or ``otherwise`` (say, the list of what
    exists) when none is close: a wrong guess would mislead more than no guess."""
    near = closest(value, known)
    return f"是否想写“{near}”？" if near is not None else otherwise


def meant(value: object, choices: Mapping[str, str]) -> str | None:
    """The choice ``value`` most likely means, of ``choices`` (each code with its Chinese name; a
    Chinese value is its own name): by meaning first, the name itself or a word people use for it
    (vocabulary.SYNONYMS), then by the spelling of the code or of the name; None when none fits."""
    text = "".join(normalised(str(value)).split())
    by_name = {"".join(name.split()): code for code, name in choices.items()}
    if text in choices:
        return text
    if text in by_name:
        return by_name[text]
    for word in SYNONYMS.get(text, ()):
        if word in choices or word in by_name:
            return by_name.get(word, word)
    near = closest(text, choices) or closest(text, by_name)
    return by_name.get(near, near) if near is not None else None
