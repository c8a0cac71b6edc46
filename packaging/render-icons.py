"""Render the app icon's PNGs from app/carevoice/resources/icons/care-voice.svg with Qt's
own SVG renderer.

Run after editing the SVG, then commit the PNGs:
    .venv/bin/python packaging/render-icons.py
They land in the freedesktop hicolor layout (app/carevoice/resources/icons/hicolor/NxN/apps/care-voice.png),
so the bundle build copies that folder as it is.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "app" / "carevoice" / "resources" / "icons"
SVG = ICONS / "care-voice.svg"
SIZES = (16, 32, 48, 64, 128, 256, 512)


def png_path(size: int, icons: Path = ICONS) -> Path:
    return icons / "hicolor" / f"{size}x{size}" / "apps" / "care-voice.png"


def render(svg: Path = SVG, icons: Path = ICONS, sizes: tuple[int, ...] = SIZES) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (kept alive)
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"render-icons: {svg} is not an SVG Qt can read")
    written = []
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        target = png_path(size, icons)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(target), "PNG"):
            raise SystemExit(f"render-icons: could not write {target}")
        written.append(target)
    return written


if __name__ == "__main__":
    for path in render():
        print(path.relative_to(ROOT))
