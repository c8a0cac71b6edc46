"""What the notes store holds: residents and care notes as frozen dataclasses, and its errors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from carevoice.engine.transcript import Segment, Transcript
from carevoice.notes.realign import realign

SOURCES = ("dictation", "file", "typed")
# Languages written without spaces between words: segments join without one.
_UNSPACED_LANGUAGES = ("zh", "ja", "yue", "th", "lo", "my", "bo")


@dataclass(frozen=True)
class VocabularyTerm:
    """A name or medication the model must spell right, for one resident or everyone."""

    id: int
    term: str
    kind: str  # "name", "medication" or "other" (notes.vocabulary.KINDS)
    resident_id: int | None  # None: for every resident


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


class EditKeptOffline(ServerUnavailable):
    """The server is gone, so the edit was kept on this computer (carevoice.notes.offline);
    it is sent when the server is back."""


# How a note without a staff record behind it names its author.
BEFORE_STAFF = "unknown author, before staff records"
STATUSES = ("draft", "signed")


@dataclass(frozen=True)
class NoteText:
    """One section of a note: its own copy of the template's heading, and what was written."""

    heading: str
    text: str


@dataclass(frozen=True)
class NoteFlag:
    """A flag on the whole note (section None) or on one section (its position from 0)."""

    flag: str
    section: int | None = None
    heading: str | None = None

    @property
    def label(self) -> str:
        return f"{self.flag}@{self.heading}" if self.heading else self.flag


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

    `text` is the note as the caregiver left it: its one truth. `segments` are the
    recording's timed segments as transcribed, empty for typed notes; `timed_segments`
    are those segments carrying the text as corrected (carevoice.notes.realign), and
    everything timed made from the note (SRT, VTT, JSON, the sentence list) uses them.
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
    author_id: int | None = None  # None: written before staff records (or single user)
    status: str = "draft"  # "draft" or "signed"
    signed_s: float | None = None
    signed_by: str | None = None  # the signer's name
    version: int = 1  # raised by one at every save: what a save expects to replace
    updated_by: str = ""  # who saved this version (person or workstation)
    template_id: int | None = None
    template_name: str | None = None
    sections: tuple[NoteText, ...] = ()  # empty: a free note, all in `text`
    flags: tuple[NoteFlag, ...] = ()
    addendum_to: int | None = None  # the signed note this one corrects
    addenda: tuple[int, ...] = ()  # the addenda to this note, oldest first

    @property
    def is_signed(self) -> bool:
        return self.status == "signed"

    @property
    def author_label(self) -> str:
        """The author's name; who wrote a note from before staff records, where known."""
        if self.author_id is None and not self.author:
            return BEFORE_STAFF
        return self.author or BEFORE_STAFF

    @property
    def display_title(self) -> str:
        """The title, or the note's opening words when it has none."""
        return self.title.strip() or default_title(self.text) or f"Note {self.id}"

    @cached_property
    def timed_segments(self) -> tuple[Segment, ...]:
        """The recording's segments with the note's (corrected) text, their times kept."""
        return realign(self.text, self.segments)

    @property
    def created(self) -> datetime:
        """Creation time in the local time zone."""
        return datetime.fromtimestamp(self.created_s).astimezone()

    @property
    def updated(self) -> datetime:
        return datetime.fromtimestamp(self.updated_s).astimezone()

    def to_transcript(self) -> Transcript:
        """The note's recording with its corrected text, for carevoice.export's SRT, VTT
        and JSON."""
        return Transcript(
            segments=list(self.timed_segments),
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


def joined_text(sections) -> str:
    """A sectioned note's whole text (what search reads): its sections' texts, blank-line apart."""
    return "\n\n".join(s.text.strip() for s in sections if s.text.strip())


def default_title(text: str, limit: int = 60) -> str:
    """The note's opening words, cut at a word boundary where there is one."""
    first = " ".join(text.split())
    if len(first) <= limit:
        return first
    cut = first[:limit]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,.;:") + "…"
