"""Names for transcript files: two inputs of one run never share a name, and a transcript
that was there before the run is kept unless the user asked to overwrite.

The rule, the same for `care-voice transcribe`, the Files queue's exports and `care-voice
batch` (batch/outputs.py): an input "a.ogg" is written as "a.txt", "a.srt"…; when "a" is
already taken, by another input of the run or by a transcript file of any format that was
there before, the first free one of "a (2)", "a (3)"… The formats of one input always share
one name. Files are created atomically and never replaced (a file that appears between the
check and the write is a taken name too), except where `overwrite` says to replace what was
there before the run; even then two inputs of the run are named apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from carevoice.engine.transcript import Transcript
from carevoice.export import FORMATS, write_exports


@dataclass(frozen=True)
class Outputs:
    """What writing one input's transcripts did."""

    written: list[Path]
    wanted: str  # the name the input's own stem gave
    name: str  # the name it got
    replaced: list[Path] = field(default_factory=list)  # files from before, overwritten
    kept: list[Path] = field(default_factory=list)  # files from before, left alone

    @property
    def named_apart(self) -> bool:
        return self.name != self.wanted


class OutputNames:
    """The names one run gives its inputs' transcripts (see the module docstring)."""

    def __init__(self, overwrite: bool = False) -> None:
        self.overwrite = overwrite
        self._claimed: set[str] = set()

    def write(self, transcript: Transcript, formats: list[str], folder: Path, stem: str) -> Outputs:
        kept: list[Path] = []
        number = 1
        while True:
            name = stem if number == 1 else f"{stem} ({number})"
            number += 1
            key = str((folder / name).absolute())
            if key in self._claimed:
                continue
            there = [folder / f"{name}.{fmt}" for fmt in FORMATS]
            there = [path for path in there if path.exists()]
            if there and not self.overwrite:
                kept += there
                continue
            try:
                written = write_exports(transcript, formats, folder / name, replace=self.overwrite)
            except FileExistsError:  # created since the check: taken as well
                continue
            self._claimed.add(key)
            replaced = [path for path in written if path in there]
            return Outputs(written, stem, name, replaced, kept)
