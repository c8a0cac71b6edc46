"""Templates: the default ones, "next section" splitting, notes keeping their own headings,
and managers editing templates."""

from __future__ import annotations

import pytest

from carevoice.notes.store import NotAllowed, NotesError, NoteText
from carevoice.notes.templates import (
    dictated_into,
    editable_text,
    section_at,
    split_sections,
    strip_command,
    texts_from_editable,
)

DAILY = (
    "Wellbeing",
    "Nutrition and fluids",
    "Personal care",
    "Mobility",
    "Medication",
    "Incidents and risks",
    "For the next shift",
)


def test_the_default_templates(store):
    daily, free = store.templates()
    assert (daily.builtin, daily.name, daily.headings) == ("daily-care", "Daily care note", DAILY)
    assert (free.builtin, free.headings) == ("free", ())


def test_spoken_next_section_splits_dictation_in_english_and_chinese():
    assert split_sections("Happy today. Next section. Drank two cups, next section", 3) == [
        "Happy today.",
        "Drank two cups",
        "",
    ]
    assert split_sections("心情很好。下一段。喝了兩杯水。下一段，洗澡了。", 3) == [
        "心情很好。",
        "喝了兩杯水。",
        "洗澡了。",
    ]
    # More "next section"s than sections: the rest stays in the last one.
    assert split_sections("a next section b next section c", 2) == ["a", "b c"]
    assert strip_command("then next section we walked") == ("then we walked", 1)


def test_dictation_goes_into_the_section_under_the_cursor():
    headings = ("Wellbeing", "Mobility", "For the next shift")
    text = editable_text(
        [NoteText("Wellbeing", "Cheerful."), NoteText("Mobility", ""), NoteText(*headings[2:], "")]
    )
    # Anywhere in Mobility's heading line or below it, before the next heading.
    mobility = text.index("## Mobility")
    assert section_at(text, 0, headings) == 0
    assert section_at(text, mobility - 1, headings) == 0
    assert {section_at(text, mobility + n, headings) for n in (0, 3, 11)} == {1}
    assert section_at(text, len(text), headings) == 2

    new, cursor = dictated_into(text, mobility + 4, headings, "Walked to lunch with a frame.")
    assert texts_from_editable(new, headings) == ["Cheerful.", "Walked to lunch with a frame.", ""]
    assert new[:cursor].endswith("with a frame.")
    # Again from there: added after it; "next section" moves on; the end is not the target.
    new, cursor = dictated_into(new, cursor, headings, "No falls. Next section. Call the GP.")
    assert texts_from_editable(new, headings) == [
        "Cheerful.",
        "Walked to lunch with a frame. No falls.",
        "Call the GP.",
    ]
    assert new[:cursor].endswith("Call the GP.") and section_at(new, cursor, headings) == 2
    # In the first section, at its start: added at that section's end, not the note's.
    new, _ = dictated_into(new, 0, headings, "Ate well.")
    assert texts_from_editable(new, headings)[0] == "Cheerful. Ate well."


def test_dictation_into_a_note_without_sections_goes_in_at_the_cursor():
    assert dictated_into("Calm.Slept.", 5, (), "Ate breakfast.") == (
        "Calm. Ate breakfast. Slept.",
        20,
    )
    assert dictated_into("", 0, (), "next section") == ("", 0)


def test_a_note_keeps_its_headings_when_the_template_changes(store):
    note = store.create_note(text="Calm. Next section ate well.", template="daily-care")
    assert [s.heading for s in note.sections] == list(DAILY)
    assert note.text == "Calm.\n\nate well." and note.template_name == "Daily care note"
    store.update_template(1, headings=["Mood", "Food"])
    assert store.template("daily-care").headings == ("Mood", "Food")
    assert [s.heading for s in store.get_note(note.id).sections] == list(DAILY)
    saved = store.save_sections(note.id, ["Calm.", "Ate well.", "", "", "", "", "Call family."])
    assert saved.sections[6] == NoteText("For the next shift", "Call family.")
    assert [h.note_id for h in store.search("family")] == [note.id]
    with pytest.raises(NotesError, match="has sections"):
        store.save_text(note.id, "flat")


def test_headings_in_the_interface_language_are_the_notes_own(store):
    zh = ["身心狀況", "營養與水分", "個人照護", "行動", "用藥", "事件與風險", "交班事項"]
    note = store.create_note(template="daily-care", sections=[NoteText(h, "") for h in zh])
    assert [s.heading for s in note.sections] == zh


def test_only_a_manager_edits_templates(store):
    manager = store.add_staff("Mei Chen", "manager", "4711")
    carer = store.add_staff("Ana Silva", "carer", "2468", by=manager)
    with pytest.raises(NotAllowed, match="Only a manager"):
        store.add_template("Wound care", ["Site", "Size"], by=carer)
    wound = store.add_template("Wound care", ["Site", "Size"], by=manager)
    moved = store.update_template(
        wound.id, headings=["Size", "Site", "Dressing"], name="Wounds", by=manager
    )
    assert (moved.name, moved.headings) == ("Wounds", ("Size", "Site", "Dressing"))
    with pytest.raises(NotesError, match="same heading"):
        store.update_template(wound.id, headings=["Site", "site"], by=manager)
    assert store.audit_entries()[-1].action == "template-changed"


def test_exports_keep_sections_state_flags_and_addenda(store):
    from carevoice.notes.exports import read_json, render_json, render_txt

    note = store.create_note(
        text="Calm. Next section. Ate well.", template="daily-care", flags=["skin@Wellbeing"]
    )
    store.sign_note(note.id)
    addendum = store.add_addendum(note.id, "Skin checked by the nurse.")
    signed = store.get_note(note.id)
    (back,) = read_json(render_json([signed]))
    assert (back.status, back.sections, back.flags, back.addenda) == (
        "signed",
        signed.sections,
        signed.flags,
        (addendum.id,),
    )
    text = render_txt([signed, addendum])
    assert "Wellbeing\n---------\nCalm." in text and "Flags: skin@Wellbeing" in text
    assert f"Addendum to: note {note.id}" in text and "Status: Signed by" in text


def test_the_editor_text_of_a_sectioned_note_goes_back_into_its_sections(store):
    from carevoice.notes.templates import editable_text, texts_from_editable

    note = store.create_note(template="daily-care", text="Calm. Next section. Ate well.")
    text = editable_text(note.sections)
    assert text.startswith("## Wellbeing\nCalm.\n\n## Nutrition and fluids\nAte well.")
    edited = text.replace("## Mobility", "## Mobility\nWalked to lunch with a frame.")
    saved = store.update_note(note.id, text=edited)
    assert saved.sections[3].text == "Walked to lunch with a frame."
    assert saved.sections[0].text == "Calm." and saved.version == note.version + 1
    # A heading line deleted by mistake: that section is empty, no text is lost.
    headings = [s.heading for s in note.sections]
    assert texts_from_editable("Before any heading\n## Medication\n5 mg", headings)[:5] == [
        "Before any heading",
        "",
        "",
        "",
        "5 mg",
    ]
