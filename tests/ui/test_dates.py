"""Dates in the window: the locale's medium date, ISO under the C locale (issue #13.7)."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QDate, QDateTime, QLocale, QTime

from carevoice.ui.dates import format_moment
from carevoice.ui.notes.search import NotesFilter, when


@pytest.fixture
def default_locale():
    before = QLocale()

    def use(locale: QLocale) -> None:
        QLocale.setDefault(locale)

    yield use
    QLocale.setDefault(before)


def test_under_the_c_locale_dates_are_iso_not_2_12_2026(qtbot, default_locale):
    default_locale(QLocale.c())
    search = NotesFilter()
    qtbot.addWidget(search)
    search.to_edit.setDate(QDate(2026, 12, 2))
    assert search.to_edit.text() == "2026-12-02"
    noon = QDateTime(QDate(2026, 12, 2), QTime(14, 5))
    assert when(noon.toSecsSinceEpoch()) == "2026-12-02 14:05"


def test_in_traditional_chinese_dates_read_as_chinese(qtbot, default_locale):
    default_locale(QLocale("zh_TW"))
    search = NotesFilter()
    qtbot.addWidget(search)
    search.to_edit.setDate(QDate(2026, 12, 2))
    assert search.to_edit.text() == "2026年12月2日"
    moment = format_moment(QDateTime(QDate(2026, 12, 2), QTime(14, 5)))
    assert moment.startswith("2026年12月2日 ") and "2:05" in moment


def test_in_english_the_medium_date_names_the_month(default_locale):
    default_locale(QLocale("en_US"))
    moment = format_moment(QDateTime(QDate(2026, 12, 2), QTime(14, 5)))
    assert re.fullmatch(r"December 2, 2026 2:05\s?PM", moment), moment
