"""Calendar quarters as the records name them: "2021-q2"."""

from __future__ import annotations

from datetime import date, timedelta


def quarter_of(day: date) -> str:
    return f"{day.year}-q{(day.month - 1) // 3 + 1}"


def quarter_start(period: str) -> date:
    year, quarter = int(period[:4]), int(period[-1])
    return date(year, 3 * quarter - 2, 1)


def quarter_end(period: str) -> date:
    year, quarter = int(period[:4]), int(period[-1])
    following = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return following - timedelta(days=1)


def quarters_between(first: date, last: date) -> list[str]:
    """The quarters from the one holding ``first`` to the one holding ``last``, in order."""
    quarters = []
    period = quarter_of(first)
    while first <= last and quarter_start(period) <= last:
        quarters.append(period)
        period = quarter_of(quarter_end(period) + timedelta(days=1))
    return quarters
