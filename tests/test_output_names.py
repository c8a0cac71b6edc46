"""carevoice.output_names: the one naming rule for transcript files, on real files."""

from __future__ import annotations

import os
import threading

import pytest

from carevoice.fileio import atomic_create_text
from carevoice.output_names import OutputNames
from tests.notes.transcripts import make_transcript


def _names(folder):
    return sorted(p.name for p in folder.iterdir())


def test_inputs_with_one_stem_are_named_apart_and_every_format_shares_the_name(tmp_path):
    names = OutputNames()
    first = names.write(make_transcript(["one"], "en"), ["txt", "srt"], tmp_path, "a")
    second = names.write(make_transcript(["two"], "en"), ["txt", "srt"], tmp_path, "a")
    third = names.write(make_transcript(["three"], "en"), ["txt"], tmp_path, "a")
    assert (first.name, second.name, third.name) == ("a", "a (2)", "a (3)")
    assert not first.named_apart and second.named_apart and second.kept == []
    assert _names(tmp_path) == ["a (2).srt", "a (2).txt", "a (3).txt", "a.srt", "a.txt"]
    assert (tmp_path / "a.txt").read_text(encoding="utf-8").strip() == "one"


def test_a_file_of_any_format_from_before_keeps_its_name(tmp_path):
    (tmp_path / "a.json").write_text("{}", encoding="utf-8")
    outputs = OutputNames().write(make_transcript(["new"], "en"), ["txt"], tmp_path, "a")
    assert outputs.name == "a (2)" and outputs.kept == [tmp_path / "a.json"]
    assert _names(tmp_path) == ["a (2).txt", "a.json"]


def test_overwrite_replaces_what_was_there_but_still_names_a_runs_inputs_apart(tmp_path):
    (tmp_path / "a.txt").write_text("old", encoding="utf-8")
    names = OutputNames(overwrite=True)
    first = names.write(make_transcript(["new"], "en"), ["txt"], tmp_path, "a")
    second = names.write(make_transcript(["other"], "en"), ["txt"], tmp_path, "a")
    assert first.replaced == [tmp_path / "a.txt"] and first.name == "a"
    assert second.name == "a (2)" and second.replaced == []
    assert (tmp_path / "a.txt").read_text(encoding="utf-8").strip() == "new"


def test_a_file_that_appears_after_the_check_is_not_replaced(tmp_path, monkeypatch):
    """Another program writes a.txt between the look and the write: it stays, ours moves on."""
    import carevoice.export as export

    real = export.atomic_create_text

    def racing(path, text, *args):
        if path.name == "a.txt":
            path.write_text("theirs", encoding="utf-8")
        return real(path, text, *args)

    monkeypatch.setattr(export, "atomic_create_text", racing)
    outputs = OutputNames().write(make_transcript(["ours"], "en"), ["srt", "txt"], tmp_path, "a")
    assert outputs.name == "a (2)"
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "theirs"
    assert _names(tmp_path) == ["a (2).srt", "a (2).txt", "a.txt"]  # a.srt taken back


def test_create_never_replaces_even_under_a_race(tmp_path):
    target = tmp_path / "x.txt"
    results = []

    def write(text):
        try:
            atomic_create_text(target, text)
            results.append(text)
        except FileExistsError:
            results.append(None)

    threads = [threading.Thread(target=write, args=(str(i),)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [r for r in results if r is not None]
    assert len(winners) == 1 and target.read_text(encoding="utf-8") == winners[0]
    assert os.listdir(tmp_path) == ["x.txt"]  # no temporary file left
    with pytest.raises(FileExistsError):
        atomic_create_text(target, "again")
