"""The `care-voice` command: no arguments opens the app, a subcommand runs headless."""

from __future__ import annotations

import argparse
import os
import sys

from carevoice import __version__


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
        description="Offline speech-to-text for care notes. Without a command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"Care Voice {__version__}")
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


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
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
        from carevoice.ui.app import run_app

        return run_app()
    parser = build_parser()
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
