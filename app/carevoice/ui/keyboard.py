"""Keys every place shares, as a desktop app's users expect them.

- `menu_keys(view)`: the Menu key and Shift+F10 open the focused list's context menu at
  its current row (Qt sends a keyboard context-menu event only for some platforms' Menu
  key, and never for Shift+F10).
- `tab_moves_on(edit)`: Tab in a text body moves the focus on (Shift+Tab back) and
  Ctrl+Tab types a tab, the rule for multi-line fields in forms.
- `tab_reaches(toolbar)`: a toolbar's buttons take the focus by Tab, so everything a
  mouse can press there, the keyboard can too.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QPlainTextEdit,
    QTextEdit,
    QToolBar,
    QWidget,
)


def is_menu_key(event: QKeyEvent) -> bool:
    shift_f10 = (
        event.key() == Qt.Key.Key_F10
        and (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)
        == Qt.KeyboardModifier.ShiftModifier
    )
    return event.key() == Qt.Key.Key_Menu or shift_f10


class _MenuKeys(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and is_menu_key(event)
            and isinstance(watched, QWidget)
        ):
            open_context_menu(watched)
            return True
        return False


def open_context_menu(widget: QWidget) -> None:
    """Open `widget`'s context menu as the keyboard does: at its current row, if a list."""
    target, where = widget, QPoint(widget.width() // 2, widget.height() // 2)
    if isinstance(widget, QAbstractItemView):
        rect = widget.visualRect(widget.currentIndex())
        spot = rect.center() if rect.isValid() else QPoint(4, 4)
        where = widget.viewport().mapTo(widget, spot)
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Keyboard,
        where,
        target.mapToGlobal(where),
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(target, event)


def menu_keys(view: QWidget) -> None:
    """The Menu key and Shift+F10 open `view`'s context menu (see the module's docstring)."""
    keys = _MenuKeys(view)
    view.installEventFilter(keys)


class _TabMovesOn(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Tab
            and event.modifiers() == Qt.KeyboardModifier.ControlModifier
            and isinstance(watched, QPlainTextEdit | QTextEdit)
        ):
            if not watched.isReadOnly():
                watched.insertPlainText("\t")
            return True
        return False


def tab_moves_on(edit: QPlainTextEdit | QTextEdit) -> None:
    """Tab moves the focus on from `edit`; Ctrl+Tab types a tab into it."""
    edit.setTabChangesFocus(True)
    edit.installEventFilter(_TabMovesOn(edit))


def tab_reaches(toolbar: QToolBar) -> None:
    """Give the buttons of `toolbar`'s actions (added so far) Tab focus."""
    for action in toolbar.actions():
        button = toolbar.widgetForAction(action)
        if button is not None and not action.isSeparator():
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
