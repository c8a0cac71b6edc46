"""Search in English and Chinese: trigram index, the LIKE fallback, filters, ten thousand notes."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from carevoice.notes.search import match_expression, snippet
from carevoice.notes.store import NoteStore
from tests.notes.sample_notes import QUERIES, fill


def _ids(hits):
    return [hit.note_id for hit in hits]


def test_english_words_match_anywhere_ignoring_case(store):
    a = store.create_note(title="Morning", text="Blood pressure was normal after breakfast.")
    b = store.create_note(title="Evening", text="Complained of a headache; blood sugar high.")
    assert _ids(store.search("pressure")) == [a.id]
    assert _ids(store.search("BLOOD")) == [b.id, a.id]  # newest first
    assert _ids(store.search("ressur")) == [a.id]  # inside a word
    assert _ids(store.search("blood normal")) == [a.id]  # every word must appear
    assert _ids(store.search("evening")) == [b.id]  # titles too
    assert store.search("blood pressure sugar") == []


def test_chinese_three_characters_use_the_trigram_index(store):
    a = store.create_note(text="護理師說她今天想寫兩個字給女兒。")
    store.create_note(text="她今天吃了早餐。")
    assert _ids(store.search("兩個字")) == [a.id]
    assert _ids(store.search("寫兩個字給")) == [a.id]
    assert store.search("三個字") == []


def test_chinese_two_characters_fall_back_to_like(store):
    bp = store.create_note(text="早上量了血壓，一百二十。")
    sugar = store.create_note(text="血糖偏高，通知了醫生。")
    store.create_note(text="Blood pressure normal.")
    assert _ids(store.search("血壓")) == [bp.id]
    assert _ids(store.search("血")) == [sugar.id, bp.id]
    assert _ids(store.search("血壓 一百")) == [bp.id]  # a short and a long word together
    assert store.search("血脂") == []


def test_mixed_language_note_is_found_by_either(store):
    note = store.create_note(text="BP 120/80，血壓正常 after lunch.")
    assert _ids(store.search("BP")) == [note.id]
    assert _ids(store.search("120/80")) == [note.id]
    assert _ids(store.search("血壓正常 lunch")) == [note.id]


def test_results_are_filtered_by_resident_and_date(store):
    ann = store.add_resident("Ann")
    bob = store.add_resident("Bob")
    march = datetime(2025, 3, 10, 12).timestamp()
    april = datetime(2025, 4, 10, 12).timestamp()
    a1 = store.create_note(text="血壓 normal", resident=ann, created_s=march)
    a2 = store.create_note(text="血壓 high", resident=ann, created_s=april)
    b1 = store.create_note(text="血壓 low", resident=bob, created_s=april)
    assert _ids(store.search("血壓", resident=ann)) == [a2.id, a1.id]
    assert _ids(store.search("血壓", since=date(2025, 4, 1))) == [b1.id, a2.id]
    assert _ids(store.search("血壓", resident=ann, until=date(2025, 3, 31))) == [a1.id]
    assert _ids(store.search("normal high low", resident=bob)) == []
    assert _ids(store.search("", resident=bob)) == [b1.id]  # empty query: the filtered list
    hit = store.search("low", resident=bob)[0]
    assert (hit.resident_name, hit.resident_id, hit.created_s) == ("Bob", bob.id, april)


def test_search_follows_edits_and_deletions(store):
    note = store.create_note(text="first draft")
    store.save_text(note.id, "walked in the garden")
    assert store.search("draft") == []
    assert _ids(store.search("garden")) == [note.id]
    store.update_note(note.id, title="輪椅散步")
    assert _ids(store.search("輪椅散")) == [note.id]
    store.delete_note(note.id)
    assert store.search("garden") == []


@pytest.mark.parametrize(
    "query",
    ['"', '""', "'", "a*", "NOT", "AND OR", "NEAR(a b)", "100%", "_", "\\", "-x", "col:umn", "^ab"],
)
def test_query_syntax_is_taken_literally(store, query):
    store.create_note(text="quiet day")
    literal = store.create_note(text=f"contains {query} literally")
    assert _ids(store.search(query)) == [literal.id]


def test_the_snippet_shows_the_match_in_context():
    text = "Morning. " * 20 + "Blood pressure was 120/80 and she felt well. " + "Evening. " * 20
    piece = snippet(text, ["pressure"])
    assert "Blood pressure was 120/80" in piece and piece.startswith("…") and piece.endswith("…")
    assert snippet("short", ["none"]) == "short"
    assert match_expression(['a"b', "血壓正常"]) == '"a""b" AND "血壓正常"'


# ---------------------------------------------------------------- ten thousand notes


def test_search_answers_right_on_ten_thousand_notes(tmp_path):
    # How fast: benchmarks/notes_search.py (as-you-type needs well under 100 ms).
    path = tmp_path / "notes.sqlite3"
    NoteStore(path).close()
    fill(path, 10_000)
    with NoteStore(path) as store:
        assert store.count_notes() == 10_000
        resident = store.get_resident(7)
        for query in QUERIES:
            everyone = store.search(query, limit=50)
            theirs = store.search(query, limit=50, resident=resident)
            recent = store.search(query, limit=50, since=date(2025, 6, 1))
            assert {hit.resident_id for hit in theirs} <= {7}, query
            assert set(_ids(theirs)) <= set(_ids(store.search(query, limit=10_000))), query
            assert all(hit.created_s >= datetime(2025, 6, 1).timestamp() for hit in recent)
            assert len(everyone) <= 50
            # Every sample query but these two matches notes of resident 7 since June 2025
            # too, so the filters above are checked on real hits, not on empty lists.
            if query not in ("BP", "zzz-nothing"):
                assert everyone and theirs and recent, query
        assert store.search("兩個字") and store.search("血壓") and not store.search("zzz-nothing")


def test_the_search_benchmark_runs_and_both_backends_find_the_same_notes(pg_database):
    # The benchmark is only read when someone needs its numbers; a change to the store
    # (backups say who made them) once broke it unnoticed. Few notes: the run, not the time.
    script = Path(__file__).resolve().parents[2] / "benchmarks" / "notes_search.py"
    done = subprocess.run(
        [sys.executable, str(script), "--notes", "400", "--database", pg_database],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "the same hits for every query" in done.stdout, done.stdout
