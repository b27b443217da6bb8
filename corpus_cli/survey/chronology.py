"""Who had it first: articles put in order of publication, or of ingest where dates are
missing.

Stored dates are what each source said (ISO 8601 from most feeds and pages, RFC 2822 from
some, a bare ``2022-03-01`` from front matter). A set of articles is put in date order only
when every one of them has a date that can be read: one undated article could have come
first, so the set then goes by ingest order, and says so.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TypeVar

T = TypeVar("T")
BY_DATE = "date"
BY_INGEST = "ingest"
_DAY = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def moment(text: str | None) -> datetime | None:
    """The publication time a stored date names, in UTC (a date alone: its midnight),
    or None when it names none."""
    if not text or not text.strip():
        return None
    text = text.strip()
    found: datetime | None = None
    try:
        found = datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z")
                                       else text)
    except ValueError:
        try:
            found = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            day = _DAY.search(text)
            if day is not None:
                try:
                    found = datetime(int(day[1]), int(day[2]), int(day[3]))
                except ValueError:
                    found = None
    if found is None:
        return None
    return found.astimezone(UTC) if found.tzinfo else found.replace(tzinfo=UTC)


def day(text: str | None) -> str | None:
    """``YYYY-MM-DD`` of a stored date, for display; None when it names no date."""
    when = moment(text)
    return when.strftime("%Y-%m-%d") if when is not None else None


def chronological(items: Sequence[T], date: Callable[[T], str | None],
                  rank: Callable[[T], int]) -> tuple[list[T], str]:
    """``items`` earliest first, and what ordered them: ``BY_DATE`` when every item has a
    date (ties by ingest ``rank``), else ``BY_INGEST``."""
    moments = [moment(date(item)) for item in items]
    if items and all(m is not None for m in moments):
        keyed = sorted(zip(moments, items, strict=True),
                       key=lambda pair: (pair[0], rank(pair[1])))
        return [item for _m, item in keyed], BY_DATE
    return sorted(items, key=rank), BY_INGEST


def order_label(by: str, undated: int = 0) -> str:
    """How a list was ordered, in words."""
    if by == BY_DATE:
        return "ordered by publication date"
    if undated:
        return (f"ordered by ingest order ({undated} without a publication date), not "
                "necessarily the order of publication")
    return "ordered by ingest order"
