"""Dates and times as the user's locale writes them, with a sane fallback.

Under the C locale (C.UTF-8, common on servers and in containers) Qt writes a date as
"2 12 2026", which reads as nothing. The C locale gets ISO dates (2026-12-02) instead;
every other locale its own medium date: the long form without the weekday ("December 2,
2026", "2026年12月2日").
"""

from __future__ import annotations

import re

from PySide6.QtCore import QDate, QDateTime, QLocale

ISO_DATE = "yyyy-MM-dd"
ISO_TIME = "HH:mm"


def _is_c(locale: QLocale) -> bool:
    return locale.language() == QLocale.Language.C


def date_format(locale: QLocale | None = None) -> str:
    """The Qt date format for a medium date in `locale` (the default locale if None)."""
    locale = locale or QLocale()
    if _is_c(locale):
        return ISO_DATE
    long_form = locale.dateFormat(QLocale.FormatType.LongFormat)
    # Drop the weekday ("dddd, " before or " dddd" after) and the punctuation around it.
    medium = re.sub(r"\s*[,，]?\s*dddd\s*[,，]?\s*", " ", long_form).strip()
    return medium or ISO_DATE


def time_format(locale: QLocale | None = None) -> str:
    locale = locale or QLocale()
    return ISO_TIME if _is_c(locale) else locale.timeFormat(QLocale.FormatType.ShortFormat)


def format_date(date: QDate, locale: QLocale | None = None) -> str:
    locale = locale or QLocale()
    return locale.toString(date, date_format(locale))


def format_moment(moment: QDateTime, locale: QLocale | None = None) -> str:
    """A date and time (local time), e.g. "December 2, 2026 2:05 PM" or "2026-12-02 14:05"."""
    locale = locale or QLocale()
    local = moment.toLocalTime()
    return (
        f"{format_date(local.date(), locale)} {locale.toString(local.time(), time_format(locale))}"
    )


def format_seconds(seconds: float, locale: QLocale | None = None) -> str:
    """`seconds` since the epoch as format_moment writes it."""
    return format_moment(QDateTime.fromSecsSinceEpoch(int(seconds)), locale)
