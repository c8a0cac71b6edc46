"""Two workstations saved the same note: keep yours, take theirs, or keep both.

A save that started from an older version than the one now in the database raises
NoteConflict (see NoteStore.update_note); nothing was written. The caregiver then
chooses, and `resolve` carries the choice out, so the dialog and the command line
decide it the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from carevoice.notes.records import CareNote, NoteConflict

if TYPE_CHECKING:
    from carevoice.notes.store import NoteStore

KEEP_YOURS, TAKE_THEIRS, KEEP_BOTH = "yours", "theirs", "both"
CHOICES = (KEEP_YOURS, TAKE_THEIRS, KEEP_BOTH)


def resolve(store: NoteStore, conflict: NoteConflict, choice: str, by=None) -> CareNote:
    """Carry out the choice; returns the note to show now.

    KEEP_YOURS saves your edit over theirs (NoteConflict again if the note changed once
    more meanwhile). TAKE_THEIRS drops your edit. KEEP_BOTH leaves theirs as it is and
    saves yours as a new note for the same resident, titled "(copy)"; returns the copy.
    `by` is the signed-in Staff (None: the single user).
    """
    theirs = conflict.theirs
    yours = dict(conflict.yours)
    # A sectioned note's edit (NoteStore.save_sections): its texts, in order.
    popped = yours.pop("sections", None)
    sections = [str(t) for t in popped] if isinstance(popped, list) else None
    if choice == KEEP_YOURS:
        if sections is not None:
            saved = store.save_sections(theirs.id, sections, by=by, expected_version=theirs.version)
            if not yours:
                return saved
            return store.update_note(theirs.id, **yours, by=by, expected_version=saved.version)
        return store.update_note(theirs.id, **yours, by=by, expected_version=theirs.version)
    if choice == TAKE_THEIRS:
        return store.get_note(theirs.id)
    if choice == KEEP_BOTH:
        title = str(yours.get("title", theirs.title)) or theirs.display_title
        return store.create_note(
            text=str(yours.get("text", "\n\n".join(sections) if sections else theirs.text)),
            title=f"{title} (copy)",
            resident=theirs.resident_id,
            author=theirs.author,
            language=theirs.language,
            source=theirs.source,
            audio_path=theirs.audio_path,
            duration_s=theirs.duration_s,
            segments=theirs.segments,
            tags=yours.get("tags", theirs.tags),  # type: ignore[arg-type]
            by=by,
        )
    raise ValueError(f"unknown choice {choice!r}; use one of {', '.join(CHOICES)}")
