"""`care-voice dictate --type` / `--type-live`: the dictation typed into another window.

The window is the one that had the focus when the dictation started. `--type` types the
final text once; `--type-live` types settled text as it settles and, when a spoken
command takes words back ("scratch that") or the final text differs, erases back to
where they part (Backspace) and types the rest.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from carevoice.desktop.typing import TypingError
from carevoice.desktop.typists import make_typist
from carevoice.engine.commands import apply_commands

log = logging.getLogger(__name__)


def commanded(pieces: list[str] | tuple[str, ...], commands: bool) -> str:
    """Dictated utterances with their spoken commands carried out."""
    return apply_commands(list(pieces), commands)


class TypedDictation:
    """Types one dictation into the window focused now. Raises TypingError if none."""

    def __init__(self, route: str = "auto", commands: bool = True):
        self.route = route
        self.commands = commands
        self.typist = make_typist()
        target = self.typist.focused_window()
        if target is None:
            raise TypingError("No window has the keyboard focus to type into.")
        self.target = target
        self.typed = ""  # what is in the target now, as far as we typed it
        self.failed: TypingError | None = None

    def settled(self, utterances: list[str]) -> None:
        """The settled utterances so far (live): type what is new; a failure is said at
        the end."""
        if self.failed is None:
            try:
                self._bring_to(commanded(utterances, self.commands))
            except TypingError as exc:
                self.failed = exc

    def finish(self, result, say: Callable[[str], None]) -> bool:
        """Type (or complete) the final text of a DictationResult; False, and the reason
        said, if it failed."""
        pieces = result.utterances or [result.transcript.text]
        final = commanded(pieces, self.commands)
        try:
            if self.failed is not None:
                raise self.failed
            self._bring_to(final)
        except TypingError as exc:
            say(exc.message)
            return False
        return True

    def _bring_to(self, text: str) -> None:
        common = 0
        for a, b in zip(self.typed, text, strict=False):
            if a != b:
                break
            common += 1
        erase = len(self.typed) - common
        add = text[common:]
        if not erase and not add:
            return
        self.typist.type_into(self.target, "\b" * erase + add, self.route)
        self.typed = text
