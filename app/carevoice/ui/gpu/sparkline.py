"""A small chart of one value's recent history (the last few minutes), drawn with QPainter."""

from __future__ import annotations

import time
from collections import deque

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget


class Sparkline(QWidget):
    """Draws (time, value) points from the last `window_s` seconds, scaled to 0..maximum.

    Time runs left to right and ends at the newest point, so a gap in the samples shows
    as a gap, not as squeezed data. Has no signals.
    """

    def __init__(self, maximum: float = 100.0, window_s: float = 300.0, parent=None):
        super().__init__(parent)
        self._maximum = float(maximum)
        self._window_s = float(window_s)
        self._points: deque[tuple[float, float]] = deque()
        self.setMinimumSize(120, 36)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(220, 40)

    @property
    def maximum(self) -> float:
        return self._maximum

    def set_maximum(self, maximum: float) -> None:
        if maximum > 0 and maximum != self._maximum:
            self._maximum = float(maximum)
            self.update()

    def add(self, value: float | None, at_s: float | None = None) -> None:
        """Append a sample taken at `at_s` (time.monotonic() when None); None is skipped."""
        if value is None:
            return
        now = time.monotonic() if at_s is None else at_s
        self._points.append((now, float(value)))
        while self._points and self._points[0][0] < now - self._window_s:
            self._points.popleft()
        self.update()

    def clear(self) -> None:
        self._points.clear()
        self.update()

    def values(self) -> list[float]:
        return [value for _, value in self._points]

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        frame = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawRect(frame)
        area = frame.adjusted(2, 3, -2, -2)
        grid = QColor(palette.color(QPalette.ColorRole.Mid))
        grid.setAlpha(90)
        painter.setPen(QPen(grid, 1, Qt.PenStyle.DotLine))
        middle = area.center().y()
        painter.drawLine(QPointF(area.left(), middle), QPointF(area.right(), middle))
        if not self._points:
            return
        newest = self._points[-1][0]

        def point(at_s: float, value: float) -> QPointF:
            share = min(max(value / self._maximum, 0.0), 1.0)
            x = area.right() - (newest - at_s) / self._window_s * area.width()
            return QPointF(x, area.bottom() - share * area.height())

        corners = [point(at_s, value) for at_s, value in self._points]
        line = QPainterPath(corners[0])
        for corner in corners[1:]:
            line.lineTo(corner)
        if len(corners) == 1:  # one sample: a short tick, so the chart is not blank
            line.lineTo(corners[0] - QPointF(3, 0))
        accent = palette.color(QPalette.ColorRole.Highlight)
        fill = QPainterPath(line)
        fill.lineTo(line.currentPosition().x(), area.bottom())
        fill.lineTo(corners[0].x(), area.bottom())
        fill.closeSubpath()
        shade = QColor(accent)
        shade.setAlpha(60)
        painter.fillPath(fill, shade)
        painter.setPen(QPen(accent, 1.5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(line)
        painter.setBrush(accent)  # the newest reading, visible before history builds up
        painter.drawEllipse(corners[-1], 2.5, 2.5)
