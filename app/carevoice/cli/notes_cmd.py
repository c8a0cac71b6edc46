"""`care-voice notes`: list, search, show and export care notes; back them up and restore."""

from __future__ import annotations

import argparse
import sqlite3
import sys
import unicodedata
from datetime import date, datetime
from pathlib import Path

FORMATS = ("txt", "docx", "pdf", "srt", "vtt", "json")


def register(commands) -> None:
    parser = commands.add_parser("notes", help="list, search, export and back up care notes")
    # Plain `care-voice notes` lists, so the list options need defaults here too.
    parser.set_defaults(
        handler=run, resident=None, since=None, until=None, tag=None, limit=None, json=False
    )
    actions = parser.add_subparsers(dest="notes_command", metavar="ACTION")

    listing = actions.add_parser("list", help="notes, newest first (the default)")
    _add_filters(listing)
    listing.add_argument("--tag", help="only notes with this tag")
    listing.add_argument("--limit", type=int, help="at most this many notes")
    listing.add_argument("--json", action="store_true", help="as JSON")

    search = actions.add_parser("search", help="notes containing every word of TEXT")
    search.add_argument("text", nargs="+", metavar="TEXT")
    _add_filters(search)
    search.add_argument("--limit", type=int, default=50)

    show = actions.add_parser("show", help="one note in full")
    show.add_argument("note_id", type=int, metavar="ID")

    export = actions.add_parser("export", help="write notes as txt, docx, pdf, srt, vtt or json")
    export.add_argument("note_ids", nargs="*", type=int, metavar="ID")
    _add_filters(export)
    export.add_argument(
        "--format", default="txt", type=str.lower, help=f"one of {', '.join(FORMATS)}"
    )
    export.add_argument(
        "--output", "-o", type=Path, help="file or folder (default: a name in this folder)"
    )

    backup = actions.add_parser("backup", help="copy all notes into one backup file")
    backup.add_argument("file", nargs="?", type=Path, metavar="FILE")

    restore = actions.add_parser("restore", help="replace all notes with a backup's")
    restore.add_argument("file", type=Path, metavar="FILE")
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    residents = actions.add_parser("residents", help="list residents, or add one")
    residents.add_argument("--add", metavar="NAME", help="add a resident with this name")
    residents.add_argument("--room", metavar="ID", help="with --add: room or care-home ID")


def _add_filters(parser) -> None:
    parser.add_argument("--resident", help="name, room/ID or number of the resident")
    parser.add_argument("--since", type=_day, help="from this day (YYYY-MM-DD)")
    parser.add_argument("--until", type=_day, help="up to and including this day")


def _day(text: str) -> date:
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2025-03-31") from None


def run(args) -> int:
    from carevoice.notes.store import NotesError, NoteStore

    try:
        with NoteStore() as store:
            return _ACTIONS[args.notes_command or "list"](store, args)
    except NotesError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except sqlite3.Error as exc:
        print(f"The notes database could not be used: {exc}.", file=sys.stderr)
        return 1
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"{exc.strerror or exc}{where}.", file=sys.stderr)
        return 1


def _resident(store, args):
    return store.find_resident(args.resident) if args.resident else None


def _list(store, args) -> int:
    notes = store.list_notes(
        _resident(store, args), args.since, args.until, tag=args.tag, limit=args.limit
    )
    if args.json:
        from carevoice.notes.exports import render_json

        print(render_json(notes), end="")
        return 0
    if not notes:
        print("No notes.", file=sys.stderr)
        return 0
    rows = [(str(n.id), _when(n.created_s), n.resident_name or "-", n.display_title) for n in notes]
    _table(("ID", "DATE", "RESIDENT", "TITLE"), rows)
    return 0


def _search(store, args) -> int:
    hits = store.search(
        " ".join(args.text), _resident(store, args), args.since, args.until, limit=args.limit
    )
    if not hits:
        print("No notes match.", file=sys.stderr)
        return 0
    rows = [(str(h.note_id), _when(h.created_s), h.resident_name or "-", h.title) for h in hits]
    _table(("ID", "DATE", "RESIDENT", "TITLE"), rows, snippets=[h.snippet for h in hits])
    return 0


def _show(store, args) -> int:
    from carevoice.notes.exports import render_txt

    print(render_txt([store.get_note(args.note_id)]), end="")
    return 0


def _export(store, args) -> int:
    from carevoice.notes.exports import default_file_name, export_notes

    if args.format not in FORMATS:
        print(f"Unknown format {args.format!r}; choose from {', '.join(FORMATS)}.", file=sys.stderr)
        return 2
    if args.note_ids:
        notes = [store.get_note(note_id) for note_id in args.note_ids]
    elif args.resident or args.since or args.until:
        notes = store.list_notes(_resident(store, args), args.since, args.until, oldest_first=True)
    else:
        print(
            "Say which notes: note numbers (see `care-voice notes list`), or --resident "
            "and/or --since/--until.",
            file=sys.stderr,
        )
        return 2
    if not notes:
        print("No notes match; nothing was written.", file=sys.stderr)
        return 1
    output = args.output or Path(default_file_name(notes, args.format))
    if output.is_dir():
        output = output / default_file_name(notes, args.format)
    if args.format == "pdf":
        from carevoice.ui.notes.pdf_export import export_pdf

        written = export_pdf(notes, output)
    else:
        written = export_notes(notes, args.format, output)
    print(f"Wrote {len(notes)} note(s) to {written}.", file=sys.stderr)
    return 0


def _backup(store, args) -> int:
    from carevoice.notes.backup import default_backup_name

    target = args.file or Path(default_backup_name())
    if target.is_dir():
        target = target / default_backup_name()
    written = store.backup(target)
    print(f"Backed up {store.count_notes()} note(s) to {written}.", file=sys.stderr)
    return 0


def _restore(store, args) -> int:
    from carevoice.notes.backup import BEFORE_RESTORE, check_backup

    info = check_backup(args.file)
    question = (
        f"This replaces the {store.count_notes()} note(s) on this computer with the "
        f"{info.notes} note(s) in {args.file}."
    )
    if not args.yes:
        if not sys.stdin.isatty():
            print(f"{question} Run again with --yes to go ahead.", file=sys.stderr)
            return 2
        if input(f"{question} Go ahead? [y/N] ").strip().lower() not in ("y", "yes"):
            print("Nothing was changed.", file=sys.stderr)
            return 1
    store.restore(args.file)
    safety = store.path.parent / BEFORE_RESTORE
    print(
        f"Restored {info.notes} note(s) and {info.residents} resident(s) from {args.file}. "
        f"The notes from before are in {safety}.",
        file=sys.stderr,
    )
    return 0


def _residents(store, args) -> int:
    if args.add:
        resident = store.add_resident(args.add, args.room)
        print(f"Added {resident.label} as resident {resident.id}.", file=sys.stderr)
        return 0
    residents = store.residents()
    if not residents:
        print(
            "No residents yet; add one with `care-voice notes residents --add NAME`.",
            file=sys.stderr,
        )
        return 0
    _table(
        ("ID", "NAME", "ROOM/ID"), [(str(r.id), r.name, r.external_id or "-") for r in residents]
    )
    return 0


_ACTIONS = {
    "list": _list,
    "search": _search,
    "show": _show,
    "export": _export,
    "backup": _backup,
    "restore": _restore,
    "residents": _residents,
}


def _when(seconds: float) -> str:
    return datetime.fromtimestamp(seconds).strftime("%Y-%m-%d %H:%M")


def _table(header, rows, snippets=None) -> None:
    """Columns aligned by display width: a Chinese character takes two terminal cells."""
    widths = [max(_cells(row[i]) for row in [header, *rows]) for i in range(len(header) - 1)]
    for index, row in enumerate([header, *rows]):
        cells = [
            cell + " " * (width - _cells(cell))
            for cell, width in zip(row[:-1], widths, strict=True)
        ]
        print("  ".join([*cells, row[-1]]).rstrip())
        if snippets and index:
            print(f"    {snippets[index - 1]}")


def _cells(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
