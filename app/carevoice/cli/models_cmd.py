"""`care-voice models`: list, add, remove, prepare or download Whisper models."""

from __future__ import annotations

import json
import sys

from carevoice.engine import models as catalog


def register(commands) -> None:
    parser = commands.add_parser("models", help="list the Whisper models on this machine")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    actions.add_parser("list", help="list models (the default)")
    add = actions.add_parser("add", help="add a CTranslate2 Whisper model folder")
    add.add_argument("folder")
    remove = actions.add_parser("remove", help="forget a model folder added before")
    remove.add_argument("folder")
    actions.add_parser("prepare", help="assemble and check the bundled multilingual model")
    download = actions.add_parser("download", help="download a model (needs the internet)")
    download.add_argument("name", help="a faster-whisper model name, e.g. small")
    parser.set_defaults(handler=run)


def _size(num_bytes: int) -> str:
    return f"{num_bytes / 1e6:,.0f} MB" if num_bytes else "-"


def run(args) -> int:
    action = args.action or "list"
    try:
        if action == "add":
            info = catalog.add_user_model(args.folder)
            print(f"Added {info.name} ({info.languages}, {_size(info.size_bytes)}) at {info.path}")
            return 0
        if action == "remove":
            if catalog.remove_user_model(args.folder):
                print(f"Removed {args.folder} from the list (the files were not deleted).")
                return 0
            print(f"{args.folder} was not in the list of added models.", file=sys.stderr)
            return 1
        if action == "prepare":
            path = catalog.assemble_split_model()
            print(f"The multilingual base model is ready and verified at {path}")
            return 0
        if action == "download":
            from carevoice.engine.download import DownloadError, download_model

            try:
                path = download_model(args.name)
            except DownloadError as exc:
                print(exc, file=sys.stderr)
                return 1
            print(f"Downloaded {args.name} to {path}")
            return 0
    except (ValueError, catalog.ModelNotFoundError) as exc:
        print(exc, file=sys.stderr)
        return 1
    models = catalog.list_models()
    if args.json:
        print(json.dumps([m.to_dict() for m in models], indent=2))
        return 0
    rows = [("NAME", "LANGUAGES", "SIZE", "USABLE", "WHERE")]
    for m in models:
        usable = "yes" if m.usable else f"no: {m.problem}"
        rows.append((m.name, m.languages, _size(m.size_bytes), usable, f"{m.source}: {m.path}"))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for row in rows:
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:4])) + "  " + row[4])
    return 0
