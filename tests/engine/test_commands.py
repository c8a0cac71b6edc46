"""Spoken commands: they fire said on their own or at an utterance's edge, nowhere else."""

from __future__ import annotations

import pytest

from carevoice.engine.commands import apply_commands, command_of, utterances_from_words
from carevoice.engine.transcript import Word


@pytest.mark.parametrize(
    ("dictated", "written"),
    [
        # Said on its own (Whisper writes a pause-framed command as its own sentence).
        ("Pulse regular. New line. Ate well.", "Pulse regular.\nAte well."),
        ("Slept well. New paragraph. Ate well.", "Slept well.\n\nAte well."),
        ("Blood pressure normal, comma", "Blood pressure normal,"),
        ("Did she eat, question mark.", "Did she eat?"),
        ("She ate well full stop", "She ate well full stop"),  # no pause: text
        ("She ate well. Full stop.", "She ate well."),
        ("She ate well. Period.", "She ate well."),
        # At an utterance's edge, set off by punctuation.
        ("Pulse regular, ate well, new line", "Pulse regular, ate well\n"),
        ("New line, she ate well.", "\nshe ate well."),
        # Inside an ordinary sentence: text.
        ("A new line of medication was started.", "A new line of medication was started."),
        ("The period of rest was long.", "The period of rest was long."),
        ("Write a comma after the date.", "Write a comma after the date."),
        ("She asked a question, mark it down.", "She asked a question, mark it down."),
        # Between commas in mid-utterance: text (a pause there makes two utterances).
        ("He ate, new line, then slept.", "He ate, new line, then slept."),
        ("Temperature 37.2 degrees.", "Temperature 37.2 degrees."),
        ("She ate well... New line... Slept.", "She ate well...\nSlept."),
    ],
)
def test_english_commands_fire_alone_or_at_an_edge_and_stay_text_inside_a_sentence(
    dictated, written
):
    assert apply_commands(dictated) == written


@pytest.mark.parametrize(
    ("dictated", "written"),
    [
        ("她吃了早餐。換行。她睡得很好。", "她吃了早餐。\n她睡得很好。"),
        ("她吃了早餐，逗號", "她吃了早餐，"),
        ("她吃了早餐嗎，問號", "她吃了早餐嗎？"),
        ("她吃了早餐。句號。", "她吃了早餐。"),
        ("她吃了早餐。新段落。她睡了。", "她吃了早餐。\n\n她睡了。"),
        ("她吃了早餐。刪除剛才。她吃了一半。", "她吃了一半。"),
        ("她吃了早餐，刪除剛才", ""),
        # Inside a sentence: text.
        ("請在換行的地方寫日期。", "請在換行的地方寫日期。"),
        # Simplified, as the model may write before conversion.
        ("她吃了早餐。换行。她睡了。", "她吃了早餐。\n她睡了。"),
    ],
)
def test_mandarin_commands(dictated, written):
    assert apply_commands(dictated) == written


def test_scratch_that_removes_the_last_utterance_only():
    assert apply_commands("She ate well. Scratch that. She ate half.") == "She ate half."
    assert apply_commands("Slept well. She ate well, scratch that.") == "Slept well."
    assert apply_commands("Slept well. Ate well. Delete that.") == "Slept well."
    assert apply_commands(["Slept well.", "Ate well.", "Scratch that.", "Scratch that."]) == ""
    assert apply_commands("Scratch that.") == ""  # nothing to remove: nothing breaks


def test_utterances_are_the_pieces_given_and_the_pauses_between_words():
    def words(*spec):
        return [Word(start, start + 0.3, f" {text}", 0.9) for text, start in spec]

    # "pulse regular <pause> new line <pause> ate well", no punctuation written
    spoken = words(("pulse", 0.0), ("regular", 0.4), ("new", 1.5), ("line", 1.9))
    spoken += words(("ate", 3.0), ("well", 3.4))
    pieces = utterances_from_words(spoken)
    assert pieces == ["pulse regular", "new line", "ate well"]
    assert apply_commands(pieces) == "pulse regular\nate well"
    # the same words without the pauses stay text
    together = words(("pulse", 0.0), ("regular", 0.4), ("new", 0.8), ("line", 1.2))
    assert apply_commands(utterances_from_words(together)) == "pulse regular new line"


def test_literal_keeps_a_commands_words_as_text():
    assert apply_commands("Literal new line.") == "new line."
    assert apply_commands("She wrote literal comma on the form.") == (
        "She wrote comma on the form."
    )
    assert apply_commands("字面換行。") == "換行。"
    assert apply_commands("The literal meaning.") == "The literal meaning."  # not a command


def test_a_setting_turns_them_off():
    assert apply_commands("Pulse regular. New line. Ate well.", enabled=False) == (
        "Pulse regular. New line. Ate well."
    )
    assert apply_commands(["Slept well.", "Scratch that."], enabled=False) == (
        "Slept well. Scratch that."
    )


def test_command_words_are_recognised_however_they_are_written():
    assert command_of("New-line") == "\n"
    assert command_of(" NEW LINE ") == "\n"
    assert command_of("「換行」") == "\n"
    assert command_of("new lines") is None
