"""The Notes place (care notes arrive with the notes work; until then it says so)."""

from __future__ import annotations

from carevoice.ui.placeholder import PlaceholderPlace


class NotesPlace(PlaceholderPlace):
    def __init__(self, window=None):
        super().__init__(self.tr("Notes"), self.tr(
            "Care notes are coming. Transcripts can be exported from the Files place."))
