"""Tests for carevoice.export: every format renders, parses back, and is written atomically."""

from __future__ import annotations

import json
import os
import stat
import sys

import pytest

from carevoice import export
from carevoice.engine.transcript import Segment, Timings, Transcript, Word
from carevoice.export import (
    FORMATS,
    format_timestamp,
    parse_srt,
    parse_vtt,
    render,
    to_json,
    to_srt,
    to_txt,
    to_vtt,
    write_exports,
)


def make_transcript(texts_and_times, **overrides) -> Transcript:
    segments = [
        Segment(
            index=i,
            start_s=start,
            end_s=end,
            text=text,
            avg_logprob=-0.25,
            no_speech_prob=0.01,
            compression_ratio=1.4,
            words=tuple(
                Word(start + k * 0.4, start + k * 0.4 + 0.3, " " + word, 0.9)
                for k, word in enumerate(text.split())
            ),
        )
        for i, (start, end, text) in enumerate(texts_and_times)
    ]
    fields = dict(
        segments=segments,
        language="en",
        language_probability=0.97,
        duration_s=max((e for _, e, _ in texts_and_times), default=0.0),
        model="small.en",
        device="cuda",
        compute_type="float16",
        source="ward-round.m4a",
        timings=Timings(model_load_s=1.5, decode_s=0.25, transcribe_s=3.0, total_s=4.75),
        warnings=["The file is damaged in places."],
    )
    fields.update(overrides)
    return Transcript(**fields)


ENGLISH = make_transcript(
    [
        (0.0, 2.5, " Patient settled overnight."),
        (2.5, 5.004, " Blood pressure 120 over 80 & <stable>."),
        (61.9996, 65.5, " Review --> tomorrow at 10."),
    ]
)
CHINESE = make_transcript(
    [(0.0, 1.2, "兩個字"), (1.2, 3.5, "繁體中文"), (3.5, 4.0, "病人今晚睡得很好。")],
    language="zh",
    model="large-v3",
)
LONG = make_transcript(
    [(123 * 3600 + 4 * 60 + 5.006, 123 * 3600 + 4 * 60 + 9.5, " Still talking at hour 123.")]
)
EMPTY = make_transcript([])


def expected_cues(transcript):
    return [
        (round(s.start_s * 1000), round(s.end_s * 1000), s.text.strip())
        for s in transcript.segments
    ]


def in_ms(cues):
    return [(round(start * 1000), round(end * 1000), text) for start, end, text in cues]


# --- timestamps ------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "srt", "vtt"),
    [
        (0.0, "00:00:00,000", "00:00:00.000"),
        (5.004, "00:00:05,004", "00:00:05.004"),
        (59.9996, "00:01:00,000", "00:01:00.000"),  # rounds up, never "00:00:60,000"
        (3599.9999, "01:00:00,000", "01:00:00.000"),
        (0.0006, "00:00:00,001", "00:00:00.001"),
        (-0.2, "00:00:00,000", "00:00:00.000"),
        (123 * 3600 + 4 * 60 + 5.006, "123:04:05,006", "123:04:05.006"),
    ],
)
def test_format_timestamp(seconds, srt, vtt):
    assert format_timestamp(seconds, ",") == srt
    assert format_timestamp(seconds, ".") == vtt


def test_timestamps_never_show_60_seconds_or_1000_ms():
    for millis in range(0, 200_000, 7):
        for nudge in (-0.00049, 0.0, 0.00049):
            text = format_timestamp(millis / 1000 + nudge, ",")
            _, minutes, rest = text.split(":")
            seconds, ms = rest.split(",")
            assert int(minutes) < 60 and int(seconds) < 60 and int(ms) < 1000


# --- each format -----------------------------------------------------------


def test_srt_layout():
    text = to_srt(ENGLISH)
    assert text.startswith("1\n00:00:00,000 --> 00:00:02,500\nPatient settled overnight.\n\n2\n")
    assert "\n\n3\n00:01:02,000 --> 00:01:05,500\n" in text
    assert text.endswith("tomorrow at 10.\n")
    assert "\n\n\n" not in text


def test_vtt_layout_and_escaping():
    text = to_vtt(ENGLISH)
    assert text.startswith("WEBVTT\n\n00:00:00.000 --> 00:00:02.500\nPatient settled overnight.\n")
    assert "120 over 80 &amp; &lt;stable&gt;." in text
    assert "Review --&gt; tomorrow" in text  # a bare "-->" would start a new timing line


def test_txt_is_one_line_per_segment():
    assert to_txt(ENGLISH).splitlines() == [s.text.strip() for s in ENGLISH.segments]


@pytest.mark.parametrize("transcript", [ENGLISH, CHINESE, LONG], ids=["en", "zh", "long"])
def test_srt_and_vtt_parse_back_exactly(transcript):
    assert in_ms(parse_srt(to_srt(transcript))) == expected_cues(transcript)
    assert in_ms(parse_vtt(to_vtt(transcript))) == expected_cues(transcript)


@pytest.mark.parametrize("transcript", [ENGLISH, CHINESE, LONG, EMPTY], ids=str)
def test_json_loads_back_into_an_equal_transcript(transcript):
    text = to_json(transcript)
    data = json.loads(text)
    for key in ("segments", "language", "language_probability", "model", "device"):
        assert key in data
    for key in ("compute_type", "timings", "duration_s", "source", "warnings"):
        assert key in data
    assert Transcript.from_dict(data) == transcript


def test_json_keeps_chinese_readable():
    text = to_json(CHINESE)
    assert "兩個字" in text and "繁體中文" in text and "\\u" not in text


def test_json_replaces_infinite_numbers_with_null():
    odd = make_transcript([(0.0, 1.0, " hm")])
    odd.segments[0] = Segment(0, 0.0, 1.0, " hm", avg_logprob=float("-inf"))
    data = json.loads(to_json(odd))  # json.loads would accept NaN; allow_nan=False did not
    assert data["segments"][0]["avg_logprob"] is None


def test_empty_transcript_in_every_format():
    assert to_txt(EMPTY) == ""
    assert to_srt(EMPTY) == ""
    assert to_vtt(EMPTY) == "WEBVTT\n"
    assert parse_srt(to_srt(EMPTY)) == [] and parse_vtt(to_vtt(EMPTY)) == []


def test_segments_without_text_make_no_cues_and_numbering_stays_continuous():
    gappy = make_transcript([(0.0, 1.0, " one"), (1.0, 2.0, "   "), (2.0, 3.0, " three")])
    text = to_srt(gappy)
    assert [line for line in text.splitlines() if line.isdigit()] == ["1", "2"]
    assert [cue[2] for cue in parse_srt(text)] == ["one", "three"]


def test_multi_line_text_never_holds_a_blank_line():
    # Cue lines are laid out by the subtitle rules, so the short text joins one line.
    odd = make_transcript([(0.0, 1.0, " first line\n\n  second line "), (1.0, 2.0, " next")])
    assert [cue[2] for cue in parse_srt(to_srt(odd))] == ["first line second line", "next"]
    assert [cue[2] for cue in parse_vtt(to_vtt(odd))] == ["first line second line", "next"]
    assert "\n\n\n" not in to_srt(odd)


LONG_SENTENCE = (
    " The nurse changed the dressing on her left arm and the wound looks clean and then"
    " she walked to the garden with her daughter in the afternoon and had tea there."
)


@pytest.mark.parametrize(
    "render_cues", [lambda t: parse_srt(to_srt(t)), lambda t: parse_vtt(to_vtt(t))]
)
def test_cues_hold_two_lines_of_42_characters_and_long_text_takes_more_cues(render_cues):
    # A segment made before sentence-sized segments, or lengthened by a correction.
    transcript = make_transcript([(0.0, 12.0, LONG_SENTENCE), (12.0, 14.0, " Short.")])
    cues = render_cues(transcript)
    assert len(cues) == 3
    for _start, _end, text in cues:
        lines = text.split("\n")
        assert len(lines) <= 2 and all(len(line) <= 42 for line in lines), text
    assert " ".join(c[2].replace("\n", " ") for c in cues[:2]) == LONG_SENTENCE.strip()
    # The cues follow each other without a gap or overlap, timed by the words they hold.
    assert cues[0][0] == 0.0 and cues[1][1] == 12.0 and cues[0][1] == cues[1][0]
    words = transcript.segments[0].words
    last_word_of_first_cue = cues[0][2].split()[-1]
    ends = [w.end_s for w in words if w.text.strip() == last_word_of_first_cue]
    assert round(cues[0][1], 3) in [round(e, 3) for e in ends]


def test_chinese_cues_count_characters_and_hold_two_lines():
    text = "病人今晚睡得很好，早上吃了一碗粥和一顆蛋，下午在花園散步了半小時，晚上看了電視才睡。"
    # No word timings (or text corrected since): cues are timed by their share of the text.
    transcript = make_transcript([], language="zh", segments=[Segment(0, 0.0, 9.0, text)])
    cues = parse_srt(to_srt(transcript))
    assert len(cues) == 2
    assert "".join(c[2].replace("\n", "") for c in cues) == text
    for _start, _end, cue_text in cues:
        lines = cue_text.split("\n")
        assert len(lines) <= 2 and all(len(line) <= 16 for line in lines), cue_text
    assert cues[0][1] == pytest.approx(
        9.0 * len(cues[0][2].replace("\n", "")) / len(text), abs=0.01
    )


def test_render_dispatches_and_refuses_unknown_formats():
    for fmt in FORMATS:
        assert render(CHINESE, fmt) == getattr(export, f"to_{fmt}")(CHINESE)
    with pytest.raises(ValueError, match="docx"):
        render(CHINESE, "docx")


# --- the parsers catch malformed files -------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2\n00:00:00,000 --> 00:00:01,000\nstarts at two\n",
        "1\n00:00:00.000 --> 00:00:01,000\ndot instead of comma\n",
        "1\n00:00:00,000 -> 00:00:01,000\nshort arrow\n",
        "1\n00:00:61,000 --> 00:01:02,000\nsixty-one seconds\n",
        "1\n00:00:02,000 --> 00:00:01,000\nends before it starts\n",
        "1\n00:00:00,000 --> 00:00:01,000\n",
        "1\n00:00:00,000 --> 00:00:01,000\nfine\n2\n00:00:01,000 --> 00:00:02,000\nno gap\n",
    ],
)
def test_parse_srt_rejects_malformed(text):
    with pytest.raises(ValueError, match="line"):
        parse_srt(text)


@pytest.mark.parametrize(
    "text",
    [
        "00:00:00.000 --> 00:00:01.000\nno header\n",
        "WEBVTT\n00:00:00.000 --> 00:00:01.000\nno blank line after the header\n",
        "WEBVTT\n\n00:00:00,000 --> 00:00:01.000\ncomma\n",
        "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n",
        "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nfine\n00:00:01.000 --> 00:00:02.000\nno gap\n",
    ],
)
def test_parse_vtt_rejects_malformed(text):
    with pytest.raises(ValueError, match="line"):
        parse_vtt(text)


def test_parse_vtt_reads_what_other_tools_write():
    text = (
        "\ufeffWEBVTT - from another tool\r\n\r\nNOTE made elsewhere\r\n\r\n"
        "cue-1\r\n01:02.500 --> 01:04.000 align:start\r\nshort &amp; sweet\r\n"
    )
    assert parse_vtt(text) == [(62.5, 64.0, "short & sweet")]


# --- writing files ---------------------------------------------------------


def test_write_exports_names_files_after_the_recording(tmp_path):
    base = tmp_path / "out" / "ward.round"
    written = write_exports(CHINESE, FORMATS, base)
    assert [p.name for p in written] == [f"ward.round.{fmt}" for fmt in FORMATS]
    for path, fmt in zip(written, FORMATS, strict=True):
        assert path.read_bytes().decode("utf-8") == render(CHINESE, fmt)
    assert "兩個字" in (tmp_path / "out" / "ward.round.txt").read_text(encoding="utf-8")
    assert sorted(os.listdir(base.parent)) == sorted(p.name for p in written)  # no temp files


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_transcript_files_are_readable_by_the_user_only(tmp_path):
    earlier = tmp_path / "note.txt"
    earlier.write_text("earlier\n", encoding="utf-8")
    earlier.chmod(0o644)  # as earlier versions wrote them: replaced, not kept
    for path in write_exports(ENGLISH, FORMATS, tmp_path / "note"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name


def test_write_exports_writes_each_format_once(tmp_path):
    written = write_exports(ENGLISH, ["srt", "txt", "srt"], tmp_path / "note")
    assert [p.name for p in written] == ["note.srt", "note.txt"]


def test_a_failing_render_leaves_existing_files_untouched(tmp_path, monkeypatch):
    base = tmp_path / "note"
    old = {fmt: f"earlier {fmt}\n" for fmt in FORMATS}
    for fmt, text in old.items():
        (tmp_path / f"note.{fmt}").write_text(text, encoding="utf-8")

    def broken(transcript):
        raise RuntimeError("renderer bug")

    monkeypatch.setitem(export._RENDERERS, "vtt", broken)
    with pytest.raises(RuntimeError, match="renderer bug"):
        write_exports(ENGLISH, FORMATS, base)
    for fmt, text in old.items():  # txt and srt come first but were not written either
        assert (tmp_path / f"note.{fmt}").read_text(encoding="utf-8") == text
    assert len(os.listdir(tmp_path)) == len(FORMATS)


def test_a_failing_write_leaves_the_file_untouched(tmp_path, monkeypatch):
    target = tmp_path / "note.srt"
    target.write_text("earlier\n", encoding="utf-8")

    def no_rename(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", no_rename)
    with pytest.raises(OSError):
        write_exports(ENGLISH, ["srt"], tmp_path / "note")
    assert target.read_text(encoding="utf-8") == "earlier\n"
    assert os.listdir(tmp_path) == ["note.srt"]  # the half-written temporary file is gone
