"""Where and when a story appeared: one lane per outlet, one mark per article, along
publication dates, or along ingest order when an article has no date.

The geometry is computed here and the template draws it as inline SVG: a chart library
would add start-up time, a script or an asset to a page that must stand alone, for a
drawing of a few dots and labels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from corpus_cli.survey.chronology import BY_DATE, moment

WIDTH = 520
LEFT = 130  # outlet names
RIGHT = 16
TOP = 20
LANE = 30
AXIS = 52  # axis line, tick labels and the axis caption
LABELLED = 40  # marks beyond this many carry no number (their tooltips still do)
OUTLET_CHARS = 16


@dataclass(frozen=True, slots=True)
class Point:
    outlet: str
    date: str | None
    label: str  # what the mark says: the article's position in the story's table
    title: str  # its tooltip
    href: str  # where a click goes (an anchor in the page)
    first: bool = False


@dataclass(frozen=True, slots=True)
class Mark:
    x: float
    y: float
    label: str
    title: str
    href: str
    first: bool


@dataclass(frozen=True, slots=True)
class Lane:
    y: float
    outlet: str  # shortened to fit
    title: str  # in full


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    text: str
    anchor: str  # SVG text-anchor: start, middle or end


@dataclass(frozen=True, slots=True)
class Timeline:
    width: int
    height: int
    left: int
    right: int
    axis_y: float
    caption: str
    lanes: tuple[Lane, ...]
    marks: tuple[Mark, ...]
    ticks: tuple[Tick, ...]


def draw(points: Sequence[Point], by: str) -> Timeline:
    """The timeline of ``points``, already in order (earliest first), ``by`` naming the
    order (``chronology.BY_DATE`` places marks by date, else evenly by position)."""
    outlets: list[str] = []
    for p in points:
        if p.outlet not in outlets:
            outlets.append(p.outlet)
    lanes = tuple(Lane(TOP + LANE * k + LANE / 2, _short(o), o) for k, o in enumerate(outlets))
    axis_y = TOP + LANE * len(outlets) + 6
    x0, x1 = LEFT + 12, WIDTH - RIGHT - 12
    xs, ticks, caption = _along(points, by, x0, x1)
    lane_y = {o: lane.y for o, lane in zip(outlets, lanes, strict=True)}
    labelled = len(points) <= LABELLED
    marks = tuple(Mark(round(x, 1), lane_y[p.outlet], p.label if labelled else "", p.title,
                       p.href, p.first) for p, x in zip(points, xs, strict=True))
    return Timeline(WIDTH, int(axis_y + AXIS), LEFT, WIDTH - RIGHT, axis_y, caption, lanes,
                    marks, ticks)


def _along(points: Sequence[Point], by: str, x0: float, x1: float,
           ) -> tuple[list[float], tuple[Tick, ...], str]:
    n = len(points)
    middle = (x0 + x1) / 2
    if by == BY_DATE:
        moments = [moment(p.date) for p in points]
        known = [m for m in moments if m is not None]
        if len(known) == n and n:
            first, last = min(known), max(known)
            span = (last - first).total_seconds()
            xs = [middle if not span else x0 + (x1 - x0) * (m - first).total_seconds() / span
                  for m in known]
            start, end = first.strftime("%Y-%m-%d"), last.strftime("%Y-%m-%d")
            ticks = (Tick(middle, start, "middle"),) if start == end else (
                Tick(x0, start, "start"), Tick(x1, end, "end"))
            return xs, ticks, "publication date"
    xs = [middle if n == 1 else x0 + (x1 - x0) * k / (n - 1) for k in range(n)]
    ticks = (Tick(middle, "ingested", "middle"),) if n == 1 else (
        Tick(x0, "ingested first", "start"), Tick(x1, "ingested last", "end"))
    return xs, ticks, "ingest order (articles without dates)"


def _short(outlet: str) -> str:
    return outlet if len(outlet) <= OUTLET_CHARS else outlet[: OUTLET_CHARS - 1] + "…"
