"""The shared helpers: suggestions, Chinese numerals, the finding line, and the schema walker
with the promise its data walkers rest on."""

from __future__ import annotations

from tieshai.suggest import closest, did_you_mean


def test_suggestion_names_the_value_spelt_alike_or_says_what_it_was_told() -> None:
    assert closest("minr", ["minor", "major", "serious"]) == "minor"
    assert closest(110, [111, 222]) == "111" and closest(4, [1, 2, 3]) is None  # a schema's choices may be numbers
    assert did_you_mean("lucheg", ["lucheng", "ouhai"]) == "是否想写“lucheng”？"
    assert did_you_mean("qqqq", ["lucheng", "ouhai"]) == ""
    assert did_you_mean("qqqq", ["lucheng"], otherwise="可用的：lucheng。") == "可用的：lucheng。"
