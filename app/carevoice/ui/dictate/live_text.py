"""Text while speaking: settled words in normal type, the still-changing tail in grey."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit, QWidget

from carevoice.engine.chinese import to_traditional

TENTATIVE_COLOR = QColor("#8a8a8a")


def _is_cjk(ch: str) -> bool:
    return (
        "\u3000" <= ch <= "\u9fff"  # CJK punctuation, kana, ideographs
        or "\uf900" <= ch <= "\ufaff"
        or "\U00020000" <= ch <= "\U0003134f"
    )


def joined(before: str, after: str) -> str:
    """The gap between two pieces of text: a space, except between Chinese characters."""
    if not before or not after or before[-1].isspace() or after[0].isspace():
        return ""
    return "" if _is_cjk(before[-1]) and _is_cjk(after[0]) else " "


class LiveText(QTextEdit):
    """A read-only view of a dictation's live text.

    Settled text is only ever appended: the characters already shown are never
    rewritten, so they do not flicker while the tail after them changes. `show_final`
    replaces everything, once, when the final text differs from what was shown.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setReadOnly(True)
        self.setAcceptRichText(False)
        self.traditional = False  # show Mandarin in Traditional characters
        self._settled = ""  # the engine's settled text, as last seen
        self._settled_end = 0  # where the settled text ends in the document
        self._shown_settled = ""
        self._tentative = ""
        self._tentative_format = QTextCharFormat()
        self._tentative_format.setForeground(TENTATIVE_COLOR)
        self._settled_format = QTextCharFormat()
        self._settled_format.setForeground(self.palette().color(QPalette.ColorRole.Text))

    def settled_text(self) -> str:
        return self._shown_settled

    def tentative_text(self) -> str:
        return self._tentative

    def reset(self) -> None:
        self.clear()
        self._settled = self._shown_settled = self._tentative = ""
        self._settled_end = 0

    def show_update(self, settled: str, tentative: str) -> None:
        """Append what is newly settled, and replace the grey tail with `tentative`."""
        if settled.startswith(self._settled):
            new = settled[len(self._settled) :]
        else:  # cannot happen with the engine's updates; never rewrite what is shown
            new = joined(self._settled, settled) + settled
        self._settled = settled
        new = self._convert(new)
        if not self._shown_settled:
            new = new.lstrip()
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        cursor.setPosition(self._settled_end)
        cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        if new:
            cursor.insertText(new, self._settled_format)
            self._shown_settled += new
        self._settled_end = cursor.position()
        tail = self._convert(tentative.strip())
        self._tentative = tail
        if tail:
            cursor.insertText(joined(self._shown_settled, tail) + tail, self._tentative_format)
        cursor.endEditBlock()
        self._follow_end()

    def show_final(self, text: str) -> None:
        """The whole text of the finished dictation, all settled."""
        text = self._convert(text.strip())
        # Exactly: spoken commands may change only line breaks.
        if text != self._shown_settled or self._tentative:
            self.reset()
            cursor = QTextCursor(self.document())
            cursor.insertText(text, self._settled_format)
            self._shown_settled = self._settled = text
            self._settled_end = cursor.position()  # in UTF-16 units, as Qt counts
        self._follow_end()

    def _convert(self, text: str) -> str:
        return to_traditional(text) if self.traditional else text

    def _follow_end(self) -> None:
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())
