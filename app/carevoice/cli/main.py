"""The `care-voice` command: no arguments opens the app, files open it with them queued,
a subcommand runs headless."""

from __future__ import annotations

import argparse
import logging
import os
import socket
import sys
from pathlib import Path

from carevoice import __version__

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    from carevoice.cli import (
        batch_cmd,
        dictate_cmd,
        doctor_cmd,
        models_cmd,
        notes_cmd,
        transcribe_cmd,
    )

    parser = argparse.ArgumentParser(
        prog="care-voice",
        usage="care-voice [OPTIONS] [FILE ... | COMMAND ...]",
        description="Offline speech-to-text for care notes. Without a command, opens the app; "
        "`care-voice FILE...` opens it with those recordings queued in Files.",
    )
    parser.add_argument(
        "--version", action="version", version=f"Care Voice {__version__}", help="say the version"
    )
    add_logging_options(parser)
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check offline that this install can transcribe (exit 0: all pass)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    transcribe_cmd.register(commands)
    batch_cmd.register(commands)
    models_cmd.register(commands)
    doctor_cmd.register(commands)
    notes_cmd.register(commands)
    dictate_cmd.register(commands)
    return parser


LOG_LEVELS = ("debug", "info", "warning", "error")


def add_logging_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="show debug messages on the terminal (and in the window's log file); "
        "the same as --log-level debug",
    )
    parser.add_argument(
        "--log-level",
        choices=LOG_LEVELS,
        help="how much to show on the terminal and keep in the window's log file (default: "
        "nothing on the terminal, info and up in the log file)",
    )


def _logging_options(argv: list[str]) -> tuple[list[str], int | None]:
    """-v/--verbose and --log-level LEVEL, taken from the front of the arguments (before
    the command or the files), so they work for the window and every command alike."""
    level = None
    rest = list(argv)
    while rest and rest[0].startswith("-"):
        arg = rest.pop(0)
        if arg in ("-v", "--verbose"):
            level = level if level is not None else logging.DEBUG
            continue
        name = arg.partition("=")[2] if arg.startswith("--log-level=") else None
        if arg == "--log-level" and rest:
            name = rest.pop(0)
        if name is not None:
            if name.lower() not in LOG_LEVELS:
                build_parser().error(f"--log-level: choose from {', '.join(LOG_LEVELS)}")
            level = getattr(logging, name.upper())
            continue
        rest.insert(0, arg)  # --self-test, --help, --version: the parser's business
        break
    return rest, level


def _log_to_terminal(level: int) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(level)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)


def no_display_reason(env=os.environ) -> str | None:
    """Why the window cannot open here, in one plain line; None when a display is there.

    Qt aborts the process (exit 134) when it finds no display; this says so first. An X
    display on this machine (":0") must answer on its socket; a remote one or Wayland's
    is left to Qt.
    """
    if sys.platform != "linux" or env.get("QT_QPA_PLATFORM", "").split(":")[0] in (
        "offscreen",
        "minimal",
        "vnc",
        "eglfs",
        "linuxfb",
    ):
        return None
    wayland, display = env.get("WAYLAND_DISPLAY", ""), env.get("DISPLAY", "")
    if wayland:
        return None
    if not display:
        return (
            "Care Voice cannot open its window: there is no display (DISPLAY and "
            "WAYLAND_DISPLAY are not set). Its commands work without one: care-voice --help."
        )
    if display.startswith(":") and not _x_display_answers(display):
        return (
            f"Care Voice cannot open its window: the display {display} does not answer. "
            "Its commands work without one: care-voice --help."
        )
    return None


def _x_display_answers(display: str) -> bool:
    number = display[1:].split(".")[0]
    if not number.isdigit():
        return True  # not a form this knows: let Qt decide
    path = f"/tmp/.X11-unix/X{number}"
    for address in (path, "\0" + path):  # the socket file, or Linux's abstract socket
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
            probe.settimeout(1.0)
            try:
                probe.connect(address)
                return True
            except OSError:
                continue
    return False


def _open_window(files: list[Path], level: int | None) -> int:
    reason = no_display_reason()
    if reason:
        print(reason, file=sys.stderr)
        return 1
    from carevoice.ui.app import run_app

    return run_app(files=files, log_level=level)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    argv, level = _logging_options(argv)
    if level is not None:
        _log_to_terminal(level)
        log.debug("Care Voice %s, %s, arguments %s", __version__, sys.executable, argv)
    # Nothing in Care Voice may reach the model hub unless the user asks to download.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if argv[:1] == ["--gpu-preflight-child"]:
        # Inside a PyInstaller bundle there is no `python -m`: the preflight re-enters here.
        from carevoice.gpu import preflight_child

        return preflight_child.main(argv[1:])
    if argv[:1] == ["--self-test"]:
        # Offline checks that this install (checkout or bundle) can transcribe; exit 0 = all pass.
        from carevoice import selftest

        return selftest.main(argv[1:])
    if not argv:
        return _open_window([], level)
    parser = build_parser()
    commands = next(a.choices for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    # `care-voice FILE...` ("Open with Care Voice", the .desktop file's %F): the window,
    # with the files queued. Only when each is a file or folder, so a mistyped command
    # still gets argparse's "invalid choice".
    if argv[0] not in commands and all(not a.startswith("-") and Path(a).exists() for a in argv):
        return _open_window([Path(a) for a in argv], level)
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`care-voice doctor | head`): not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
