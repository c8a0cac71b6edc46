"""Every place and the Settings dialog hold their layout at the window's minimum size, in
English and in 繁體中文: no visible widget overlaps a sibling, none is cut off by its parent,
and none is squeezed below the size its text needs.

Each case also saves a screenshot to $TMPDIR (layout-PLACE-LANGUAGE.png) to look at.
"""

from __future__ import annotations

import tempfile
from itertools import combinations
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QLabel,
    QLayout,
    QScrollArea,
    QWidget,
)

from carevoice.ui.main_window import MIN_HEIGHT, MIN_WIDTH, PLACES, ElidedButton
from tests.ui.dialogs import SHOWS_A_WINDOW

LANGUAGES = ("en", "zh_TW")
pytestmark = pytest.mark.qt_log_ignore(*SHOWS_A_WINDOW)


def _managed(layout: QLayout | None, widget: QWidget) -> bool:
    """Whether `layout` (or a layout inside it) places `widget`."""
    if layout is None:
        return False
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item.widget() is widget or _managed(item.layout(), widget):
            return True
    return False


def _needs(widget: QWidget) -> tuple[int, int] | None:
    """The width and height a control needs to show its whole text; None where Qt's own
    size hint is not a promise (elided text, wrapped text checks its height below)."""
    if isinstance(widget, ElidedButton):
        return None
    if isinstance(widget, QLabel) and not widget.wordWrap() and widget.text():
        hint = widget.minimumSizeHint()
        return hint.width(), hint.height()
    if isinstance(widget, QAbstractButton) and widget.text():
        hint = widget.minimumSizeHint()
        return hint.width(), hint.height()
    return None


def layout_problems(top: QWidget) -> list[str]:
    """What is wrong with the visible widgets under `top`, in words (empty when nothing)."""
    found: list[str] = []

    def name(widget: QWidget) -> str:
        text = getattr(widget, "text", None)
        said = f" {text()!r}" if callable(text) and isinstance(text(), str) else ""
        return f"{type(widget).__name__}({widget.objectName() or '-'}){said[:50]}"

    def walk(parent: QWidget, clip: bool = True) -> None:
        children = [
            child
            for child in parent.findChildren(
                QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly
            )
            if child.isVisible() and not child.isWindow()
        ]
        placed = [child for child in children if _managed(parent.layout(), child)]
        for one, other in combinations(placed, 2):
            if one.geometry().intersects(other.geometry()):
                found.append(f"{name(one)} overlaps {name(other)} in {name(parent)}")
        inside = QRect(0, 0, parent.width(), parent.height())
        for child in placed:
            if clip and not inside.contains(child.geometry()):
                found.append(
                    f"{name(child)} at {child.geometry().getRect()} is cut off by "
                    f"{name(parent)} ({parent.width()}x{parent.height()})"
                )
            needs = _needs(child)
            if needs and (child.width() < needs[0] or child.height() < needs[1]):
                found.append(
                    f"{name(child)} is {child.width()}x{child.height()}, its text needs "
                    f"{needs[0]}x{needs[1]}"
                )
            if (
                isinstance(child, QLabel)
                and child.wordWrap()
                and child.text()
                and child.height() < child.heightForWidth(child.width())
            ):
                found.append(
                    f"{name(child)} is {child.height()} high, its wrapped text needs "
                    f"{child.heightForWidth(child.width())}"
                )
        for child in children:
            if isinstance(child, QScrollArea):
                # What scrolls may be larger than the viewport: that is what scrolling is for.
                if child.widget() is not None and child.widget().isVisible():
                    walk(child.widget(), clip=True)
            elif isinstance(child, QAbstractScrollArea):
                continue  # a list, table or text view: its insides are Qt's
            else:
                walk(child)

    walk(top)
    return found


def _screenshot(widget: QWidget, name: str) -> Path:
    path = Path(tempfile.gettempdir()) / f"layout-{name}.png"
    widget.grab().save(str(path))
    return path


@pytest.fixture(params=LANGUAGES)
def language(request):
    if request.param == "zh_TW":
        request.getfixturevalue("chinese")
    return request.param


@pytest.fixture
def smallest_window(language, qtbot):
    """The real main window, at its minimum size, after its GPU check (the GPU place
    shows its cards then), in `language`."""
    from carevoice.ui.main_window import MainWindow
    from carevoice.ui.settings import AppSettings

    window = MainWindow(AppSettings())
    qtbot.addWidget(window)
    window.confirm_close = lambda busy: True
    window.show()
    with qtbot.waitSignal(window.device_changed, timeout=60_000):
        window.start_gpu_check()
    window.resize(MIN_WIDTH, MIN_HEIGHT)
    QApplication.processEvents()
    yield window
    window.close()


def test_the_window_can_be_made_as_small_as_its_minimum(smallest_window):
    assert smallest_window.size() == QSize(MIN_WIDTH, MIN_HEIGHT)


@pytest.mark.parametrize("place", PLACES)
def test_each_place_holds_at_the_minimum_size(smallest_window, language, place, qtbot):
    smallest_window.show_place(place)
    QApplication.processEvents()
    _screenshot(smallest_window, f"{place}-{language}")
    assert layout_problems(smallest_window) == [], "\n".join(layout_problems(smallest_window))


@pytest.mark.parametrize("size", ("opened", "smallest", "switched"))
def test_the_settings_dialog_holds(smallest_window, language, size, qtbot):
    """As it opens, at its smallest, and after choosing the other interface language
    (which shows the restart note: it used to push the rows over each other)."""
    from carevoice.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(smallest_window.settings, smallest_window)
    qtbot.addWidget(dialog)
    dialog.show()
    if size == "smallest":
        dialog.resize(dialog.minimumSize().expandedTo(dialog.minimumSizeHint()))
        bar = dialog.groups_scroll.verticalScrollBar()
        bar.setValue(bar.maximum())  # the screenshot shows the end of it
    if size == "switched":
        combo = dialog.interface_combo
        while combo.currentData() == smallest_window.settings.interface_language:
            qtbot.keyClick(combo, Qt.Key.Key_Down)
        assert dialog.restart_note.isVisible()
    QApplication.processEvents()
    _screenshot(dialog, f"settings-{size}-{language}")
    problems = layout_problems(dialog)
    # It opens on the screen: the rest of it scrolls.
    room = dialog.screen().availableGeometry()
    if dialog.width() > room.width() or dialog.height() > room.height():
        problems.append(f"the dialog is {dialog.width()}x{dialog.height()}, the screen {room}")
    assert problems == [], "\n".join(problems)
    dialog.close()


def test_the_gpu_place_with_a_working_gpu_holds(rtx4090, smallest_window, language):
    # With a GPU the place shows its cards and readings: more than without one.
    smallest_window.show_place("gpu")
    QApplication.processEvents()
    _screenshot(smallest_window, f"gpu-rtx4090-{language}")
    assert layout_problems(smallest_window) == [], "\n".join(layout_problems(smallest_window))
