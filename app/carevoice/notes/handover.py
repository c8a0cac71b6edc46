"""The shift handover: per resident, what was written since a time (by default the last
shift change, 07:00 or 19:00), flagged items first, unsigned drafts listed as such.

`build_handover` decides what is in it and in which order; `render_txt` here and
carevoice.ui.notes.handover_pdf (Qt) only lay it out, one resident after another (one
page each in the PDF).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from carevoice.notes.records import CareNote, NoteFlag, NotesError
from carevoice.phrases import Phrase

if TYPE_CHECKING:
    from carevoice.notes.store import NoteStore

SHIFT_CHANGES = (time(7, 0), time(19, 0))


@dataclass(frozen=True)
class FlaggedItem:
    note: CareNote
    flag: NoteFlag
    text: str  # the flagged section's text, or the note's


@dataclass(frozen=True)
class ResidentHandover:
    resident_id: int | None
    resident_name: str  # "" for notes about no resident
    flagged: tuple[FlaggedItem, ...]
    signed: tuple[CareNote, ...]  # signed, in full (flagged ones too, after the flags)
    drafts: tuple[CareNote, ...]  # not signed yet


@dataclass(frozen=True)
class Handover:
    since_s: float
    until_s: float
    residents: tuple[ResidentHandover, ...]


def last_shift_change(now: datetime, changes: Sequence[time] = SHIFT_CHANGES) -> datetime:
    """The latest shift change at or before `now` (a local, aware datetime)."""
    candidates = [
        datetime.combine(now.date() - timedelta(days=back), at, now.tzinfo)
        for back in (0, 1)
        for at in changes
    ]
    return max(c for c in candidates if c <= now)


def parse_since(text: str | None, now: datetime) -> datetime:
    """`12h`, `90m`, `2d`, `2026-03-31 07:00`, `07:00` (today, or yesterday if later than
    now), or None/"shift" for the last shift change."""
    if not text or text == "shift":
        return last_shift_change(now)
    found = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([mhd])", text.strip().lower())
    if found:
        amount, unit = float(found.group(1)), found.group(2)
        unit_name = {"m": "minutes", "h": "hours", "d": "days"}[unit]
        return now - timedelta(**{unit_name: amount})
    try:
        clock = datetime.strptime(text.strip(), "%H:%M").time()
    except ValueError:
        pass
    else:
        at = datetime.combine(now.date(), clock, now.tzinfo)
        return at if at <= now else at - timedelta(days=1)
    try:
        return datetime.fromisoformat(text.strip()).astimezone()
    except ValueError:
        raise NotesError(
            f"{text!r} is not a time: use 12h, 90m, 2d, 07:00 or 2026-03-31 07:00."
        ) from None


def build_handover(store: NoteStore, since_s: float, until_s: float) -> Handover:
    notes = store.list_notes(since=since_s, until=until_s, oldest_first=True)
    by_resident: dict[int | None, list[CareNote]] = {}
    for note in notes:
        by_resident.setdefault(note.resident_id, []).append(note)
    residents = []
    for resident_id, own in by_resident.items():
        flagged = tuple(
            FlaggedItem(note, flag, _flagged_text(note, flag))
            for note in own
            for flag in note.flags
        )
        residents.append(
            ResidentHandover(
                resident_id,
                own[0].resident_name or "",
                flagged,
                tuple(n for n in own if n.is_signed),
                tuple(n for n in own if not n.is_signed),
            )
        )
    # Residents with flags first, then by name; notes about no resident last.
    residents.sort(key=lambda r: (not r.flagged, r.resident_id is None, r.resident_name.lower()))
    return Handover(since_s, until_s, tuple(residents))


def render_txt(handover: Handover, say: Callable[[str], str] = str) -> str:
    """The handover as plain text; `say` gives its labels in the reader's language (the
    window and `--labels` pass a translator, the default keeps English). The labels are
    the PDF's own phrases, so both say the same."""
    span = Phrase("{first} to {last}", first=_time(handover.since_s), last=_time(handover.until_s))
    lines = [f"{say(Phrase('Handover'))}: {say(span)}", ""]
    if not handover.residents:
        lines.append(say(Phrase("Nothing was written in this time.")))
    draft = f" [{say(Phrase('draft')).upper()}]"
    for resident in handover.residents:
        name = resident.resident_name or say(Phrase("(no resident)"))
        lines += [name, "=" * min(_width(name), 60)]
        if resident.flagged:
            lines.append(say(Phrase("Flagged")).upper())
            for item in resident.flagged:
                state = "" if item.note.is_signed else draft
                lines.append(
                    f"  ! {item.flag.label} ({_number(item.note, say)}, "
                    f"{_clock(item.note.created_s)}, {item.note.author_label}){state}: "
                    f"{_one_line(item.text)}"
                )
        for heading, notes in (
            (Phrase("Notes"), resident.signed),
            (Phrase("Drafts (not signed yet)"), resident.drafts),
        ):
            if notes:
                lines.append(_shouted(say(heading)))
            for note in notes:
                lines.append(
                    f"  - {_number(note, say)}, {_clock(note.created_s)}, {note.author_label}: "
                    f"{_one_line(_summary(note))}"
                )
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _number(note: CareNote, say: Callable[[str], str]) -> str:
    return say(Phrase("note {id}", id=note.id))


def _shouted(heading: str) -> str:
    """A heading in capitals, its bracketed note as written: "DRAFTS (not signed yet)"."""
    head, bracket, rest = heading.partition("(")
    return head.upper() + bracket + rest


def _flagged_text(note: CareNote, flag: NoteFlag) -> str:
    if flag.section is not None and flag.section < len(note.sections):
        return note.sections[flag.section].text
    return _summary(note)


def _summary(note: CareNote) -> str:
    if note.sections:
        return " / ".join(f"{s.heading}: {s.text}" for s in note.sections if s.text.strip())
    return note.text


def _one_line(text: str, limit: int = 400) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _time(seconds: float) -> str:
    return datetime.fromtimestamp(seconds).strftime("%Y-%m-%d %H:%M")


def _clock(seconds: float) -> str:
    return datetime.fromtimestamp(seconds).strftime("%H:%M")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
