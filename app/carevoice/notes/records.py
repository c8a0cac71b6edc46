"""What the notes store holds: residents and care notes as frozen dataclasses, and its errors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from carevoice.engine.transcript import Segment, Transcript

SOURCES = ("dictation", "file", "typed")
# Languages written without spaces between words: segments join without one.
_UNSPACED_LANGUAGES = ("zh", "ja", "yue", "th", "lo", "my", "bo")


class NotesError(Exception):
    """Something the user can act on, said in plain words (the CLI prints it as is)."""


class NoteNotFound(NotesError, LookupError):
    pass


class ResidentNotFound(NotesError, LookupError):
    pass


class ResidentHasNotes(NotesError):
    pass


class NoteConflict(NotesError):
    """A save made against an older version of the note than the one now saved.

    `theirs` is the note as someone else saved it meanwhile; `yours` the fields this
    save would have written (the note's text under "text"). Nothing was written: the
    caller chooses, with `carevoice.notes.conflicts.resolve`, to keep yours, take
    theirs or keep both.
    """

    def __init__(self, theirs: CareNote, yours: dict[str, object]):
        self.theirs = theirs
        self.yours = dict(yours)
        who = theirs.updated_by or "another workstation"
        super().__init__(
            f"Note {theirs.id} was changed by {who} at {theirs.updated:%H:%M} while you were "
            "editing it; nothing was overwritten."
        )


class ServerUnavailable(NotesError):
    """The notes server cannot be reached now; the message says what happened to the edit."""


@dataclass(frozen=True)
class Resident:
    id: int
    name: str
    external_id: str | None  # room number or care-home ID
    created_s: float

    @property
    def label(self) -> str:
        return f"{self.name} ({self.external_id})" if self.external_id else self.name


@dataclass(frozen=True)
class CareNote:
    """One care note as saved. Immutable: the store's methods return the updated note.

    `text` is the note as the caregiver left it; `segments` are the recording's timed
    segments as transcribed (SRT and VTT exports come from them), empty for typed notes.
    """

    id: int
    resident_id: int | None
    resident_name: str | None  # read from the resident, for display and exports
    author: str
    title: str
    text: str
    language: str | None
    source: str  # "dictation", "file" or "typed"
    audio_path: str | None
    duration_s: float | None
    segments: tuple[Segment, ...]
    model: str | None
    device: str | None
    compute_type: str | None
    created_s: float  # Unix time
    updated_s: float
    tags: tuple[str, ...] = ()
    version: int = 1  # raised by one at every save: what a save expects to replace
    updated_by: str = ""  # who saved this version (person or workstation)

    @property
    def display_title(self) -> str:
        """The title, or the note's opening words when it has none."""
        return self.title.strip() or default_title(self.text) or f"Note {self.id}"

    @property
    def created(self) -> datetime:
        """Creation time in the local time zone."""
        return datetime.fromtimestamp(self.created_s).astimezone()

    @property
    def updated(self) -> datetime:
        return datetime.fromtimestamp(self.updated_s).astimezone()

    def to_transcript(self) -> Transcript:
        """The note's recording as a Transcript, for carevoice.export's SRT, VTT and JSON."""
        return Transcript(
            segments=list(self.segments),
            language=self.language,
            language_probability=None,
            duration_s=self.duration_s or 0.0,
            model=self.model or "",
            device=self.device or "",
            compute_type=self.compute_type or "",
            source=self.audio_path,
        )


def transcript_text(transcript: Transcript) -> str:
    """The transcript as one text; Chinese and Japanese segments join without spaces."""
    if (transcript.language or "").split("-")[0] in _UNSPACED_LANGUAGES:
        return "".join(s.text.strip() for s in transcript.segments)
    return transcript.text


def default_title(text: str, limit: int = 60) -> str:
    """The note's opening words, cut at a word boundary where there is one."""
    first = " ".join(text.split())
    if len(first) <= limit:
        return first
    cut = first[:limit]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,.;:") + "…"
