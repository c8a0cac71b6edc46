"""The `care-voice` command's own habits: help for every option, logging switches, files
opening the window, and one plain line where there is no display."""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from carevoice.cli.main import _logging_options, build_parser, no_display_reason


def _walk(parser: argparse.ArgumentParser, name: str = "care-voice"):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for command, sub in action.choices.items():
                yield from _walk(sub, f"{name} {command}")
        else:
            yield name, action


def test_every_option_and_argument_of_every_command_says_what_it_does():
    actions = list(_walk(build_parser()))
    assert len(actions) > 50  # the walk reached the sub-commands
    silent = [
        f"{name} {'/'.join(a.option_strings) or a.dest}"
        for name, a in actions
        if not a.help or a.help == argparse.SUPPRESS and a.dest != "help"
    ]
    # A positional (FILE_OR_FOLDER) is named in the usage line; an option must say more.
    silent = [s for s in silent if " -" in s]
    assert silent == [], "options without help text:\n" + "\n".join(silent)


@pytest.mark.parametrize(
    ("argv", "rest", "level"),
    [
        (["-v", "doctor"], ["doctor"], logging.DEBUG),
        (["--verbose"], [], logging.DEBUG),
        (["--log-level", "warning", "transcribe", "a.wav"], ["transcribe", "a.wav"], 30),
        (["--log-level=info", "a.wav"], ["a.wav"], logging.INFO),
        (["--self-test"], ["--self-test"], None),
        (["transcribe", "-v"], ["transcribe", "-v"], None),  # after the command: its own
    ],
)
def test_logging_options_come_before_the_command_or_files(argv, rest, level):
    assert _logging_options(argv) == (rest, level)


def _care_voice(*args, env, timeout=60):
    return subprocess.run(
        [sys.executable, "-m", "carevoice", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )


def test_verbose_shows_the_debug_log_on_the_terminal():
    env = dict(os.environ)
    quiet = _care_voice("models", env=env)
    loud = _care_voice("-v", "models", env=env)
    assert quiet.returncode == loud.returncode == 0, loud.stderr
    assert "DEBUG" not in quiet.stderr
    assert "DEBUG carevoice.cli.main: Care Voice" in loud.stderr, loud.stderr
    warnings_only = _care_voice("--log-level", "warning", "models", env=env)
    assert warnings_only.returncode == 0 and "DEBUG" not in warnings_only.stderr


def _no_display_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    return env


def test_without_a_display_the_window_says_so_in_one_line():
    """Measured before: Qt printed its plugin list and aborted the process (exit 134)."""
    result = _care_voice(env=_no_display_env())
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "no display" in lines[0], result.stderr
    assert result.stdout == ""
    env = {**_no_display_env(), "DISPLAY": ":87"}  # nothing listens there
    gone = _care_voice(env=env)
    assert gone.returncode == 1 and "the display :87 does not answer" in gone.stderr


def test_a_display_or_offscreen_is_no_reason_to_refuse():
    assert no_display_reason({"QT_QPA_PLATFORM": "offscreen"}) is None
    assert no_display_reason({"WAYLAND_DISPLAY": "wayland-0"}) is None
    assert no_display_reason({}) is not None


def test_files_on_the_command_line_open_the_window_with_them_queued(tmp_path, speech):
    """`care-voice FILE...` (what the .desktop file's %F runs): the window opens offscreen
    and transcribes the files it was given; seen here by the exports they produce."""
    from carevoice.ui.settings import AppSettings

    out = tmp_path / "out"
    AppSettings(default_model="tiny.en", language="en", output_folder=str(out)).save()
    first = Path(shutil.copy(speech["en"], tmp_path / "visit one.wav"))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CAREVOICE_FAKE_GPU": "none"}
    app = subprocess.Popen(
        [sys.executable, "-m", "carevoice", str(first)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 180
        while not (out / "visit one.srt").exists() and app.poll() is None:
            assert time.monotonic() < deadline, "the queued file was not transcribed"
            time.sleep(0.2)  # another process: a file is what can be waited on
        assert app.poll() is None, app.communicate()
    finally:
        app.terminate()
        app.communicate(timeout=30)
    assert "breakfast" in (out / "visit one.txt").read_text(encoding="utf-8")


def test_a_mistyped_command_is_still_an_error_not_a_file():
    result = _care_voice("transcrbe", "a.wav", env=dict(os.environ))
    assert result.returncode == 2 and "invalid choice: 'transcrbe'" in result.stderr
