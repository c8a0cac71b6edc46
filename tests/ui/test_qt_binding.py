"""The Qt binding must survive a long session: no reference leak that kills Python."""

from __future__ import annotations

import subprocess
import sys


def test_many_qt_calls_do_not_abort_python():
    # PySide6 6.12.0 on Python 3.11 decremented None's reference count on every call of a
    # void Qt method and aborted with "none_dealloc" after ~5000 calls: a GPU panel that
    # refreshes labels every second would die within minutes. pyproject pins around it.
    code = (
        "from PySide6.QtGui import QTextDocument\n"
        "doc = QTextDocument()\n"
        "for _ in range(50_000): doc.setDocumentMargin(2)\n"
        "print('alive')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0 and "alive" in result.stdout, result.stderr[-500:]
