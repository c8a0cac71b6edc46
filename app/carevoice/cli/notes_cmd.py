"""`care-voice notes`: write, sign, list, search, show and export care notes, their history,
the audit trail and the shift handover; staff; backups.

On an installation with staff records, `--staff NAME` says who is working; the PIN comes
from the CAREVOICE_PIN environment variable (for scripts) or is asked on the terminal.
Where no staff were ever set up, the command line acts as the single user.
"""

from __future__ import annotations

import argparse
import getpass
import os
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
        handler=run,
        resident=None,
        since=None,
        until=None,
        tag=None,
        limit=None,
        json=False,
        flag=None,
        status=None,
        staff=None,
    )
    parser.add_argument(
        "--database",
        metavar="FILE_OR_URL",
        help="use these notes for this command: a notes file, or a PostgreSQL server "
        "(postgresql://user@server/database); `notes server` sets the default",
    )
    actions = parser.add_subparsers(dest="notes_command", metavar="ACTION")
    _add_write_actions(actions)

    listing = actions.add_parser("list", help="notes, newest first (the default)")
    _add_filters(listing)
    listing.add_argument("--tag", help="only notes with this tag")
    listing.add_argument("--flag", help="only notes with this flag (fall, skin...)")
    listing.add_argument("--status", choices=("draft", "signed"), help="only drafts or signed")
    listing.add_argument("--limit", type=int, help="at most this many notes")
    listing.add_argument("--json", action="store_true", help="as JSON")

    search = actions.add_parser("search", help="notes containing every word of TEXT")
    search.add_argument("text", nargs="+", metavar="TEXT")
    _add_filters(search)
    search.add_argument(
        "--limit", type=int, default=50, help="at most this many notes (default 50)"
    )

    show = actions.add_parser("show", help="one note in full")
    show.add_argument("note_id", type=int, metavar="ID")
    _add_staff_option(show)

    export = actions.add_parser("export", help="write notes as txt, docx, pdf, srt, vtt or json")
    export.add_argument("note_ids", nargs="*", type=int, metavar="ID")
    _add_filters(export)
    export.add_argument(
        "--format", default="txt", type=str.lower, help=f"one of {', '.join(FORMATS)}"
    )
    export.add_argument(
        "--output", "-o", type=Path, help="file or folder (default: a name in this folder)"
    )
    _add_labels_option(export)
    _add_staff_option(export)

    backup = actions.add_parser("backup", help="copy all notes into one backup file")
    backup.add_argument("file", nargs="?", type=Path, metavar="FILE")
    _add_staff_option(backup)

    restore = actions.add_parser("restore", help="replace all notes with a backup's")
    restore.add_argument("file", type=Path, metavar="FILE")
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    _add_staff_option(restore)

    server = actions.add_parser(
        "server", help="keep this computer's notes on a PostgreSQL server, or show which"
    )
    server.add_argument("url", nargs="?", metavar="URL", help="postgresql://user@server/database")
    server.add_argument(
        "--password",
        action="store_true",
        help="ask for the password and keep it in the "
        "private password file (never in the settings)",
    )
    server.add_argument("--local", action="store_true", help="back to the notes file here")

    residents = actions.add_parser("residents", help="list residents, or add one")
    residents.add_argument("--add", metavar="NAME", help="add a resident with this name")
    residents.add_argument("--room", metavar="ID", help="with --add: room or care-home ID")


def _add_write_actions(actions) -> None:
    add = actions.add_parser("add", help="write a note (typed, or transcribed from a recording)")
    add.add_argument("--resident", help="name, room/ID or number of the resident")
    what = add.add_mutually_exclusive_group(required=True)
    what.add_argument("--text", help='the note; with a template, "next section" moves on')
    what.add_argument("--audio", type=Path, metavar="FILE", help="transcribe this recording")
    add.add_argument("--template", help="daily-care, free, or a template's name or number")
    add.add_argument(
        "--flag", action="append", default=[], metavar="FLAG", help="fall, or fall@Mobility"
    )
    add.add_argument("--title", help="a title (default: the opening words)")
    add.add_argument("--language", help="with --audio: the spoken language (default: detect)")
    add.add_argument("--sign", action="store_true", help="sign the note at once")

    sign = actions.add_parser("sign", help="sign a draft: it cannot be changed afterwards")
    sign.add_argument("note_id", type=int, metavar="ID")

    addendum = actions.add_parser("addendum", help="add a correction to a signed note")
    addendum.add_argument("note_id", type=int, metavar="ID")
    addendum.add_argument("--text", required=True, help="what the addendum adds or corrects")
    addendum.add_argument(
        "--flag", action="append", default=[], metavar="FLAG", help="fall, or fall@Mobility"
    )

    history = actions.add_parser("history", help="who did what to a note, and when")
    history.add_argument("note_id", type=int, metavar="ID")

    audit = actions.add_parser("audit", help="the audit trail; --verify checks its hash chain")
    audit.add_argument("--verify", action="store_true", help="check that nothing was changed")
    audit.add_argument("--limit", type=int, default=50, help="the last N entries (default 50)")

    handover = actions.add_parser("handover", help="what the next shift needs, per resident")
    handover.add_argument(
        "--since",
        dest="handover_since",
        metavar="WHEN",
        help="12h, 90m, 07:00, '2026-03-31 19:00' (default: the last shift change, 07:00/19:00)",
    )
    handover.add_argument(
        "--format",
        default="txt",
        type=str.lower,
        choices=("txt", "pdf"),
        help="txt (default) or pdf",
    )
    handover.add_argument("--output", "-o", type=Path, help="file (default: print the text)")
    _add_labels_option(handover, "of the headings")

    staff = actions.add_parser("staff", help="list staff; add, disable, enable; change a PIN")
    staff.add_argument(
        "staff_action",
        nargs="?",
        default="list",
        choices=("list", "add", "disable", "enable", "pin"),
    )
    staff.add_argument("name", nargs="?", help="the staff member (for add, disable, enable, pin)")
    staff.add_argument(
        "--role",
        choices=("carer", "nurse", "manager"),
        default="carer",
        help="with add: carer (default), nurse or manager",
    )
    for sub in (add, sign, addendum, history, audit, handover, staff):
        _add_staff_option(sub)


def _add_staff_option(parser) -> None:
    parser.add_argument(
        "--staff",
        metavar="NAME",
        help="who is working (PIN from CAREVOICE_PIN, or asked); not needed without staff",
    )


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
        if args.notes_command == "server":
            return _server(args)
        with NoteStore(args.database) as store:
            _send_offline_edits(store)
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


def _server(args) -> int:
    from carevoice.notes import location
    from carevoice.notes.store import NoteStore

    if args.local:
        location.configure(None)
        print("Notes are kept in the file on this computer again.")
        return 0
    if not args.url:
        print(location.configured() or "Notes are kept in the file on this computer.")
        return 0
    url = args.url
    if args.password:
        import getpass

        server, _ = location.parse(url)
        location.store_password(server, getpass.getpass(f"Password for {server.url}: "))
    with NoteStore(url) as store:  # check it answers (and make its tables) before saving
        count = store.count_notes()
    saved = location.configure(url)
    print(f"Notes are now kept on {saved} ({count} notes there).")
    return 0


def _send_offline_edits(store) -> None:
    """Edits kept while the server was gone: send them now, and say so."""
    if store.server is None or not store.offline.pending(store.location):
        return
    saved, conflicts = store.send_offline_edits()
    if saved:
        print(
            f"{len(saved)} edit(s) kept while the server was gone are saved now.", file=sys.stderr
        )
    for conflict in conflicts:
        print(
            f"{conflict} Open the note in the Notes place to choose what to keep.", file=sys.stderr
        )


def _resident(store, args):
    return store.find_resident(args.resident) if args.resident else None


def _list(store, args) -> int:
    notes = store.list_notes(
        _resident(store, args),
        args.since,
        args.until,
        tag=args.tag,
        limit=args.limit,
        flag=args.flag,
        status=args.status,
    )
    if args.json:
        from carevoice.notes.exports import render_json

        print(render_json(notes), end="")
        return 0
    if not notes:
        print("No notes.", file=sys.stderr)
        return 0
    rows = [
        (
            str(n.id),
            _when(n.created_s),
            n.resident_name or "-",
            n.status.upper(),
            ",".join(f.label for f in n.flags) or "-",
            n.display_title,
        )
        for n in notes
    ]
    _table(("ID", "DATE", "RESIDENT", "STATE", "FLAGS", "TITLE"), rows)
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

    who = _who(store, args)
    note = store.get_note(args.note_id)
    print(render_txt([note, *store.addenda(note.id)]), end="")
    store.record("viewed", [note.id], by=who)
    return 0


def _add_labels_option(parser, what: str = "of the labels (Resident, Date, Status…)") -> None:
    from carevoice.ui.i18n import LANGUAGES  # no Qt: the interface's languages only

    parser.add_argument(
        "--labels",
        default="en",
        choices=tuple(LANGUAGES),
        help=f"language {what} in TXT, DOCX and PDF: en (default) or zh_TW",
    )


def _say(args):
    """How the document says its labels: English (the core's own text), or --labels'
    language, from the interface's translations loaded into an offscreen Qt app."""
    if args.format not in ("txt", "docx", "pdf") or args.labels == "en":
        return str  # and JSON, SRT and VTT have no labels
    from carevoice.ui.app import install_translator
    from carevoice.ui.i18n import say
    from carevoice.ui.notes.pdf_export import ensure_gui_application

    install_translator(ensure_gui_application(), args.labels)
    return say


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
    who = _who(store, args)
    if args.format == "pdf":
        from carevoice.ui.notes.pdf_export import export_pdf

        written = export_pdf(notes, output, _say(args))
    else:
        written = export_notes(notes, args.format, output, _say(args))
    store.record("exported", [n.id for n in notes], by=who, details={"format": args.format})
    print(f"Wrote {len(notes)} note(s) to {written}.", file=sys.stderr)
    return 0


def _backup(store, args) -> int:
    from carevoice.notes.backup import default_backup_name

    target = args.file or Path(default_backup_name())
    if target.is_dir():
        target = target / default_backup_name()
    written = store.backup(target, by=_who(store, args))
    print(f"Backed up {store.count_notes()} note(s) to {written}.", file=sys.stderr)
    return 0


def _restore(store, args) -> int:
    from carevoice.notes.backup import BEFORE_RESTORE, check_backup

    info = check_backup(args.file)
    who = _who(store, args)
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
    store.restore(args.file, by=who)
    safety = store.safety_dir / BEFORE_RESTORE
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


def _who(store, args):
    """The signed-in staff member, or None for the single user of an install without staff."""
    from carevoice.notes.store import NotesError

    if store.single_user:
        return None
    if not args.staff:
        raise NotesError(
            "Staff records are kept here: say who you are with --staff NAME "
            "(the PIN is asked, or read from CAREVOICE_PIN)."
        )
    pin = os.environ.get("CAREVOICE_PIN")
    if pin is None:
        if not sys.stdin.isatty():
            raise NotesError(f"No PIN for {args.staff}: set CAREVOICE_PIN, or run in a terminal.")
        pin = getpass.getpass(f"PIN for {args.staff}: ")
    return store.sign_in(args.staff, pin)


def _add(store, args) -> int:
    who = _who(store, args)
    resident = _resident(store, args)
    flags = list(args.flag)
    if args.audio is not None:
        transcript = _transcribe(args.audio, args.language)
        note = store.note_from_transcript(
            transcript,
            resident,
            source="file",
            audio_path=args.audio.resolve(),
            title=args.title,
            by=who,
            template=args.template,
            flags=flags,
        )
    else:
        note = store.create_note(
            text=args.text,
            title=args.title or "",
            resident=resident,
            by=who,
            template=args.template,
            flags=flags,
        )
    if args.sign:
        note = store.sign_note(note.id, by=who)
    print(note.id)
    print(f"Saved note {note.id} ({note.status}).", file=sys.stderr)
    return 0


def _transcribe(path: Path, language: str | None):
    from carevoice.engine.transcriber import TranscribeOptions, transcribe_file

    if not path.is_file():
        from carevoice.notes.store import NotesError

        raise NotesError(f"There is no file {path}.")
    return transcribe_file(path, TranscribeOptions(language=language))


def _sign(store, args) -> int:
    note = store.sign_note(args.note_id, by=_who(store, args))
    print(f"Signed note {note.id}; it can no longer be changed.", file=sys.stderr)
    return 0


def _addendum(store, args) -> int:
    added = store.add_addendum(args.note_id, args.text, by=_who(store, args), flags=args.flag)
    print(added.id)
    print(f"Added addendum {added.id} to note {args.note_id}.", file=sys.stderr)
    return 0


def _history(store, args) -> int:
    who = _who(store, args)
    note = store.get_note(args.note_id)
    entries = store.history(note.id)
    rows = [
        (
            str(e.seq),
            _when(e.at_ms / 1000),
            e.staff_name or "(single user)",
            e.action + ("" if e.note_id == note.id else f" (note {e.note_id})"),
            _details(e.details),
        )
        for e in entries
    ]
    _table(("#", "WHEN", "WHO", "WHAT", "DETAILS"), rows)
    store.record("viewed", [note.id], by=who)
    return 0


def _audit(store, args) -> int:
    _who(store, args)
    if args.verify:
        check = store.verify_audit()
        if check.ok:
            print(f"The audit trail is intact ({check.entries} entries).")
            return 0
        print(
            f"The audit trail was changed: entry {check.broken_seq} is not as written "
            f"({check.reason}).",
            file=sys.stderr,
        )
        return 1
    entries = store.audit_entries()[-args.limit :]
    rows = [
        (
            str(e.seq),
            _when(e.at_ms / 1000),
            e.staff_name or "(single user)",
            e.action,
            str(e.note_id) if e.note_id is not None else "-",
            _details(e.details),
        )
        for e in entries
    ]
    _table(("#", "WHEN", "WHO", "WHAT", "NOTE", "DETAILS"), rows)
    return 0


def _handover(store, args) -> int:
    from carevoice.notes.handover import build_handover, parse_since, render_txt

    who = _who(store, args)
    now = datetime.now().astimezone()
    since = parse_since(args.handover_since, now)
    handover = build_handover(store, since.timestamp(), now.timestamp())
    note_ids = [
        n.id
        for r in handover.residents
        for n in (*(i.note for i in r.flagged), *r.signed, *r.drafts)
    ]
    if args.format == "pdf":
        from carevoice.ui.notes.handover_pdf import export_pdf

        output = args.output or Path(f"handover-{now:%Y-%m-%d-%H%M}.pdf")
        written = export_pdf(handover, output, _say(args))
        print(
            f"Wrote the handover ({len(handover.residents)} resident(s)) to {written}.",
            file=sys.stderr,
        )
    elif args.output:
        from carevoice.fileio import atomic_write_text

        written = atomic_write_text(args.output, render_txt(handover, _say(args)))
        print(f"Wrote the handover to {written}.", file=sys.stderr)
    else:
        print(render_txt(handover, _say(args)), end="")
    store.record("exported", dict.fromkeys(note_ids), by=who, details={"handover": args.format})
    return 0


def _staff(store, args) -> int:
    from carevoice.notes.store import NotesError

    if args.staff_action == "list":
        people = store.staff()
        if not people:
            print(
                "No staff: this installation is single-user. Add the first manager with "
                "`care-voice notes staff add NAME --role manager`.",
                file=sys.stderr,
            )
            return 0
        _table(
            ("ID", "NAME", "ROLE", "ACTIVE"),
            [(str(p.id), p.name, p.role, "yes" if p.active else "no") for p in people],
        )
        return 0
    if not args.name:
        raise NotesError(f"Say whom: `care-voice notes staff {args.staff_action} NAME`.")
    if args.staff_action == "add":
        who = _who(store, args)
        pin = _new_pin(args.name)
        added = store.add_staff(args.name, args.role, pin, by=who)
        print(f"Added {added.name} ({added.role}) as staff member {added.id}.", file=sys.stderr)
        return 0
    target = store.find_staff(args.name)
    who = _who(store, args)
    if args.staff_action == "pin":
        store.update_staff(target.id, pin=_new_pin(target.name), by=who)
        print(f"Changed the PIN of {target.name}.", file=sys.stderr)
        return 0
    store.update_staff(target.id, active=args.staff_action == "enable", by=who)
    print(
        f"{target.name} is now {'active' if args.staff_action == 'enable' else 'disabled'}.",
        file=sys.stderr,
    )
    return 0


def _new_pin(name: str) -> str:
    """The new PIN: from CAREVOICE_NEW_PIN (scripts), or typed twice on the terminal."""
    from carevoice.notes.store import NotesError

    pin = os.environ.get("CAREVOICE_NEW_PIN")
    if pin is not None:
        return pin
    if not sys.stdin.isatty():
        raise NotesError(f"No new PIN for {name}: set CAREVOICE_NEW_PIN, or run in a terminal.")
    pin = getpass.getpass(f"New PIN for {name}: ")
    if getpass.getpass("The same PIN again: ") != pin:
        raise NotesError("The two PINs differ; nothing was changed.")
    return pin


def _details(details: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in sorted(details.items()) if k != "content_sha256")


_ACTIONS = {
    "add": _add,
    "sign": _sign,
    "addendum": _addendum,
    "history": _history,
    "audit": _audit,
    "handover": _handover,
    "staff": _staff,
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
