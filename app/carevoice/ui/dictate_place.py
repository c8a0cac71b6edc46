"""The Dictate place (recording arrives with the dictation work; until then it says so)."""

from __future__ import annotations

from carevoice.ui.placeholder import PlaceholderPlace


class DictatePlace(PlaceholderPlace):
    def __init__(self, window=None):
        super().__init__(self.tr("Dictate"), self.tr(
            "Dictation is coming next. Until then, record with any recorder and drop the "
            "file on this window."))
