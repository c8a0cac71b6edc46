"""Find in a transcript: the search bar, the matches it finds, and the delegate that paints them."""

from __future__ import annotations

import re
from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QPalette,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolButton,
    QWidget,
)

MATCH_COLOR = QColor("#fff176")  # every match of the search
CURRENT_MATCH_COLOR = QColor("#ff9800")  # the one "n of m" points at

Match = tuple[int, int, int]  # row, start, length (in the segment's shown text)


class SearchMatches:
    """Every match of a search in the rows' texts, and which one is current."""

    def __init__(self) -> None:
        self.matches: list[Match] = []
        self.current = -1  # index into matches; -1 when there are none
        self._by_row: dict[int, list[int]] = {}  # row -> indices into matches

    def find(self, term: str, texts: Iterable[str], keep_position: bool = False) -> None:
        """Find `term` in each row's text, ignoring case, and choose the current match.

        The first match becomes current; with `keep_position`, the one at the same place
        in the list (the last one, if there are fewer now).
        """
        previous = self.current
        self.matches = []
        if term:
            pattern = re.compile(re.escape(term), re.IGNORECASE)
            self.matches = [
                (row, found.start(), found.end() - found.start())
                for row, text in enumerate(texts)
                for found in pattern.finditer(text)
            ]
        self._by_row = {}
        for i, (row, _, _) in enumerate(self.matches):
            self._by_row.setdefault(row, []).append(i)
        if not self.matches:
            self.current = -1
        else:
            self.current = min(previous, len(self.matches) - 1) if keep_position else 0
            self.current = max(0, self.current)

    def clear(self) -> None:
        self.matches, self.current, self._by_row = [], -1, {}

    def step(self, direction: int) -> bool:
        """Make the next (1) or previous (-1) match current, round the end; False if none."""
        if not self.matches:
            return False
        self.current = (self.current + direction) % len(self.matches)
        return True

    def current_match(self) -> Match | None:
        return self.matches[self.current] if self.current >= 0 else None

    def in_row(self, row: int) -> list[tuple[int, int, bool]]:
        """(start, length, is_current) for each match in this row."""
        return [
            (self.matches[i][1], self.matches[i][2], i == self.current)
            for i in self._by_row.get(row, ())
        ]


class MatchDelegate(QStyledItemDelegate):
    """Draws segment text through a QTextDocument so search matches can be highlighted."""

    def __init__(self, matches_in_row, parent: QObject | None = None):
        super().__init__(parent)
        self._matches_in_row = matches_in_row  # row -> [(start, length, is_current)]
        # Row heights are asked for every row on each layout; laying out a QTextDocument
        # per row made a 3000-segment transcript take seconds. All rows share one width.
        self._sizes: dict[str, QSize] = {}
        self._sizes_for: tuple[int, str] | None = None  # (width, font) they were made for

    def paint(self, painter, option, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, opt.text = opt.text, ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget)
        document = self._document(text, opt.font, rect.width(), self._matches_in_row(index.row()))
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(
            QPalette.ColorRole.Text,
            opt.palette.color(
                QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
            ),
        )
        painter.save()
        painter.translate(rect.topLeft())
        painter.setClipRect(rect.translated(-rect.topLeft()))
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:  # noqa: N802
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        width = option.rect.width()
        view = opt.widget
        if width <= 0 and isinstance(view, QTableView):
            width = view.columnWidth(index.column())
        return self.text_size(opt.text, opt.font, width)

    def text_size(self, text: str, font, column_width: int) -> QSize:
        """The size `text` needs in a column this wide (cached for the width and font)."""
        width = max(40, column_width - 8)
        if self._sizes_for != (width, font.key()):
            self._sizes, self._sizes_for = {}, (width, font.key())
        size = self._sizes.get(text)
        if size is None:
            document = self._document(text, font, width, [])
            size = QSize(round(document.idealWidth()) + 8, round(document.size().height()) + 2)
            self._sizes[text] = size
        return size

    @staticmethod
    def _document(text: str, font, width: int, matches) -> QTextDocument:
        document = QTextDocument()
        document.setDocumentMargin(2)
        document.setDefaultFont(font)
        document.setPlainText(text)
        document.setTextWidth(width)
        for start, length, current in matches:
            cursor = QTextCursor(document)
            cursor.setPosition(start)
            cursor.setPosition(start + length, QTextCursor.MoveMode.KeepAnchor)
            found = QTextCharFormat()
            found.setBackground(CURRENT_MATCH_COLOR if current else MATCH_COLOR)
            found.setForeground(QColor("black"))  # readable on yellow in a dark theme too
            cursor.mergeCharFormat(found)
        return document


class SearchBar(QWidget):
    """Find in the transcript: a field, "n of m", previous/next and close.

    Signals:
      changed(str): the search text
      next_requested(), previous_requested(): Enter / Shift+Enter or the arrows
      closed(): Esc or the close button
    """

    changed = Signal(str)
    next_requested = Signal()
    previous_requested = Signal()
    closed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.field = QLineEdit()
        self.field.setObjectName("searchField")
        self.field.setPlaceholderText(self.tr("Find in transcript"))
        self.field.setClearButtonEnabled(True)
        self.field.installEventFilter(self)
        self.count = QLabel()
        self.count.setObjectName("searchCount")
        widest = self.tr("{current} of {total}").format(current=9999, total=9999)
        self.count.setMinimumWidth(self.count.fontMetrics().horizontalAdvance(widest))
        previous = QToolButton(text="↑", toolTip=self.tr("Previous match (Shift+Enter)"))
        following = QToolButton(text="↓", toolTip=self.tr("Next match (Enter)"))
        close = QToolButton(text="✕", toolTip=self.tr("Close (Esc)"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (
            QLabel(self.tr("Find:")),
            self.field,
            self.count,
            previous,
            following,
            close,
        ):
            layout.addWidget(widget)
        self.field.textChanged.connect(self.changed)
        previous.clicked.connect(self.previous_requested)
        following.clicked.connect(self.next_requested)
        close.clicked.connect(self.closed)

    def show_count(self, current: int, total: int) -> None:
        """ "3 of 7" (current counts from 1); "No matches" for a search that finds nothing."""
        if total:
            text = self.tr("{current} of {total}").format(current=current, total=total)
        else:
            text = self.tr("No matches") if self.field.text() else ""
        self.count.setText(text)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if watched is self.field and event.type() == QEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                    self.previous_requested.emit()
                else:
                    self.next_requested.emit()
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.closed.emit()
                return True
        return super().eventFilter(watched, event)
