"""Who may do what with notes, staff and templates: one place for every rule.

- Any active staff member writes notes and adds addenda to signed ones.
- A draft is edited, signed or deleted by its author. A draft from before staff records
  (no author on file) by a nurse or a manager; a manager may also delete any draft.
- A signed note changes no more (the store refuses, and so do the database's triggers).
- Managers add and disable staff, edit templates, and restore backups.
- The single user of an installation without staff records may do everything.
"""

from __future__ import annotations

from carevoice.notes.records import CareNote, NotesError
from carevoice.notes.staff import Staff


class NotAllowed(NotesError):
    """This staff member may not do this; the message says why."""


class NoteSigned(NotAllowed):
    """The note is signed: a correction is an addendum."""


def _signed(note: CareNote) -> NoteSigned:
    return NoteSigned(
        f"Note {note.id} is signed and can no longer be changed; add an addendum to correct it."
    )


def check_edit(by: Staff, note: CareNote) -> None:
    if note.is_signed:
        raise _signed(note)
    if by.is_single_user or note.author_id == by.id:
        return
    if note.author_id is None and by.role in ("nurse", "manager"):
        return
    raise NotAllowed(
        f"Note {note.id} is a draft by {note.author_label}; only its author can change it."
    )


def check_sign(by: Staff, note: CareNote) -> None:
    if note.is_signed:
        raise NoteSigned(f"Note {note.id} is already signed.")
    if by.is_single_user or note.author_id == by.id:
        return
    if note.author_id is None and by.role in ("nurse", "manager"):
        return
    raise NotAllowed(f"Note {note.id} is by {note.author_label}; only its author can sign it.")


def check_delete(by: Staff, note: CareNote) -> None:
    if note.is_signed:
        raise NoteSigned(f"Note {note.id} is signed and cannot be deleted.")
    if by.is_single_user or note.author_id == by.id or by.role == "manager":
        return
    if note.author_id is None and by.role == "nurse":
        return
    raise NotAllowed(
        f"Note {note.id} is a draft by {note.author_label}; only its author can delete it."
    )


def check_addendum(by: Staff, note: CareNote) -> None:
    if not note.is_signed:
        raise NotAllowed(
            f"Note {note.id} is still a draft: change it instead of adding an addendum."
        )


def check_manage(by: Staff, what: str) -> None:
    """Staff, templates, restore: managers only."""
    if by.is_single_user or by.role == "manager":
        return
    raise NotAllowed(f"Only a manager can {what}.")
