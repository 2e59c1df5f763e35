"""Charts drawn at build time as inline SVG: no script, no request, readable when printed.

Every chart is a picture of the table that follows it on the page; its <title> says so, so a
screen reader goes to the table. Text is drawn at 12 units in a viewBox no wider than a phone's
column, so that it never shows smaller than 11 px at 390 px (the CSS keeps charts from growing
past a size where text would be large). All text from data is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 320  # the viewBox's width: about the width of a 390 px phone's text column
TEXT = 12  # every label's size, in viewBox units


@dataclass(frozen=True)
class Series:
    name: str  # the legend's words
    values: Sequence[float | None]  # one per quarter; None: nothing to draw
    texts: Sequence[str]  # each value as the table shows it
    css: str  # the series' modifier: ts-chart__series--<css>


def _svg(title: str, height: float, body: list[str]) -> Markup:
    return Markup(
        f'<svg role="img" viewBox="0 0 {WIDTH} {height:g}" width="100%" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}（数据见下表）</title>{''.join(body)}</svg>")


def _text(x: float, y: float, words: str, anchor: str = "middle", css: str = "ts-chart__label") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" class="{css}">{escape(words)}</text>'


def _legend(series: Sequence[Series], y: float, goal_text: str = "") -> list[str]:
    """The key below the chart: a swatch and the words for each series, and the goal's dashes."""
    body, x = [], 0.0
    for one in series:
        body.append(f'<rect x="{x:.1f}" y="{y - 9:.1f}" width="10" height="10" class="ts-chart__series--{one.css}"></rect>')
        body.append(_text(x + 14, y, one.name, "start"))
        x += 14 + TEXT * (len(one.name) + 1.5)
    if goal_text:
        body.append(f'<line x1="{x:.1f}" x2="{x + 16:.1f}" y1="{y - 4:.1f}" y2="{y - 4:.1f}" class="ts-chart__target"></line>')
        body.append(_text(x + 20, y, goal_text, "start"))
    return body


def grouped_bars(title: str, groups: Sequence[str], series: Sequence[Series]) -> Markup:
    """Bars side by side for each group (a quarter), each series in its colour, values on top."""
    top, plot = 18.0, 120.0
    axis = top + plot
    highest = max([value for one in series for value in one.values if value is not None] + [1])
    slot = WIDTH / max(len(groups), 1)
    bar = min(22.0, (slot - 12) / max(len(series), 1))
    body = [f'<line x1="0" x2="{WIDTH}" y1="{axis:.1f}" y2="{axis:.1f}" class="ts-chart__axis"></line>']
    for index, group in enumerate(groups):
        left = slot * index + (slot - bar * len(series)) / 2
        for number, one in enumerate(series):
            value = one.values[index]
            if value is None:
                continue
            height = plot * value / highest
            x = left + bar * number
            body.append(f'<rect x="{x:.1f}" y="{axis - height:.1f}" width="{bar - 2:.1f}" height="{height:.1f}" '
                        f'class="ts-chart__series--{one.css}"></rect>')
            body.append(_text(x + (bar - 2) / 2, axis - height - 3, one.texts[index], css="ts-chart__value"))
        body.append(_text(slot * index + slot / 2, axis + 16, group))
    body += _legend(series, axis + 40)
    return _svg(title, axis + 46, body)


def lines(title: str, groups: Sequence[str], series: Sequence[Series], lowest: float, highest: float,
          goal: float | None = None, goal_text: str = "", lowest_text: str = "") -> Markup:
    """A line per series across the groups (quarters), each point labelled (the first series above
    its points, the others below), with the goal dashed. A missing value breaks the line. The
    vertical scale runs from ``lowest``, which the chart says where it is not zero."""
    top, plot, side = 18.0, 90.0, 24.0
    axis = top + plot
    slot = (WIDTH - 2 * side) / max(len(groups) - 1, 1)

    def x(index: int) -> float:
        return side + slot * index if len(groups) > 1 else WIDTH / 2

    def y(value: float) -> float:
        return axis - plot * min(max((value - lowest) / (highest - lowest), 0), 1) if highest > lowest else axis

    body = [f'<line x1="0" x2="{WIDTH}" y1="{axis:.1f}" y2="{axis:.1f}" class="ts-chart__axis"></line>']
    if goal is not None:
        body.append(f'<line x1="0" x2="{WIDTH}" y1="{y(goal):.1f}" y2="{y(goal):.1f}" class="ts-chart__target"></line>')
    for number, one in enumerate(series):
        run: list[str] = []
        for index, value in enumerate([*one.values, None]):
            if value is not None:
                run.append(f"{x(index):.1f},{y(value):.1f}")
                continue
            if len(run) > 1:
                body.append(f'<polyline points="{" ".join(run)}" class="ts-chart__line ts-chart__line--{one.css}"></polyline>')
            run = []
        for index, value in enumerate(one.values):
            if value is not None:
                body.append(f'<circle cx="{x(index):.1f}" cy="{y(value):.1f}" r="3" class="ts-chart__series--{one.css}"></circle>')
                others = [y(v) for o in series[:number] if (v := o.values[index]) is not None]
                crowded = any(abs(y(value) - other) < 14 for other in others)  # an earlier label is there
                label_y = min(y(value) + 15, axis - 2) if crowded and y(value) >= min(others) else y(value) - 6
                body.append(_text(x(index), label_y, one.texts[index], css="ts-chart__value"))
    for index, group in enumerate(groups):
        body.append(_text(x(index), axis + 16, group))
    body += _legend(series, axis + 38, goal_text)
    if lowest_text:
        body.append(_text(WIDTH - 2, axis + 38, lowest_text, "end", "ts-chart__note"))
    return _svg(title, axis + 44, body)


@dataclass(frozen=True)
class Bar:
    label: str  # whose figure: a unit's name
    value: float | None  # 0..1; None: no data
    text: str  # the value as the table shows it
    short: bool  # below its goal


def bars(title: str, rows: Sequence[Bar], goal: float, goal_text: str) -> Markup:
    """One bar a row, its label above it (so long names need no margin), against a dashed goal."""
    row, room = 30.0, WIDTH - 56
    body = []
    for index, one in enumerate(rows):
        y = row * index
        body.append(_text(0, y + 12, one.label, "start"))
        if one.value is None:
            body.append(_text(0, y + 26, one.text, "start", "ts-chart__value"))
            continue
        width = room * min(max(one.value, 0), 1)
        css = "ts-chart__bar ts-chart__bar--low" if one.short else "ts-chart__bar"
        body.append(f'<rect x="0" y="{y + 16:.1f}" width="{width:.1f}" height="10" class="{css}"></rect>')
        body.append(_text(width + 4, y + 26, one.text, "start", "ts-chart__value"))
    bottom = row * len(rows)
    body.append(f'<line x1="{room * goal:.1f}" x2="{room * goal:.1f}" y1="14" y2="{bottom + 2:.1f}" class="ts-chart__target"></line>')
    body.append(_text(min(room * goal, WIDTH - 40), bottom + 16, goal_text, "middle"))
    return _svg(title, bottom + 22, body)
