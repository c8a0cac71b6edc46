"""Care notes: residents, notes, search, vocabulary, backups and exports, with no Qt.

The Notes place and dictation use this API; so do `care-voice notes` and the tests.

    from carevoice.notes import NoteStore, options_for

    with NoteStore() as store:                    # data_dir()/notes.sqlite3
        resident = store.add_resident("Margaret O'Brien", "Room 12")
        options = options_for(store, resident)    # her names and medications primed
        # transcript: from a file job or a dictation, Mandarin already in Traditional
        note = store.note_from_transcript(transcript, resident, author="Ana")
        store.save_text(note.id, edited_text)     # autosave, durable at once
        hits = store.search("血壓", resident=resident)
"""

from carevoice.engine.chinese import postprocess_transcript, to_traditional
from carevoice.notes.records import VocabularyTerm
from carevoice.notes.store import (
    CareNote,
    NoteNotFound,
    NotesError,
    NoteStore,
    Resident,
    ResidentHasNotes,
    ResidentNotFound,
)
from carevoice.notes.vocabulary import options_for

__all__ = [
    "CareNote",
    "NoteNotFound",
    "NoteStore",
    "NotesError",
    "Resident",
    "ResidentHasNotes",
    "ResidentNotFound",
    "VocabularyTerm",
    "options_for",
    "postprocess_transcript",
    "to_traditional",
]
