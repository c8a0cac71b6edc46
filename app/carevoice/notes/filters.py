"""Filters on notes by resident and creation time, as SQL WHERE clauses on `notes n`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

# A date or time as the store's filters accept it: a datetime (naive means local time),
# a date (a whole local day) or Unix seconds.
When = datetime | date | float | int


def epoch_seconds(value: When | None, end_of_day: bool = False) -> float | None:
    """Unix seconds for a filter bound; a date is local midnight (the next one if end_of_day)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.timestamp()  # naive: local time
    if isinstance(value, date):
        day = value + timedelta(days=1) if end_of_day else value
        return datetime(day.year, day.month, day.day).timestamp()
    return float(value)


def filters(
    resident_id: int | None, since: When | None, until: When | None
) -> tuple[list[str], list[object]]:
    """WHERE clauses (on `notes n`) for a resident and a creation-time range."""
    where: list[str] = []
    params: list[object] = []
    if resident_id is not None:
        where.append("n.resident_id = ?")
        params.append(resident_id)
    if since is not None:
        where.append("n.created_s >= ?")
        params.append(epoch_seconds(since))
    if until is not None:
        where.append("n.created_s < ?")
        params.append(epoch_seconds(until, end_of_day=True))
    return where, params


def where_clause(clauses: Sequence[str]) -> str:
    return ("WHERE " + " AND ".join(clauses)) if clauses else ""
