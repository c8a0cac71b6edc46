"""The audit trail: an append-only, hash-chained list of who did what to which note when.

Entry `seq` (1, 2, 3, ... without gaps) carries the SHA-256 of a canonical JSON list
["care-voice-audit/1", seq, at_ms, staff_id, staff_name, action, note_id, details,
prev_hash] (UTF-8, no spaces, keys sorted), where prev_hash is entry seq-1's hash (64
zeros for the first). Changing, removing or inserting any entry breaks the chain from
there on, and `verify` names the first entry that does not match.

Appends happen inside the caller's write transaction, reading the last entry there, so
two writers are serialised (SQLite: BEGIN IMMEDIATE; any database: the explicit seq is
the primary key, so a second writer with the same seq fails instead of forking the chain).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from carevoice.notes.staff import Staff

FORMAT = "care-voice-audit/1"
GENESIS = "0" * 64
ACTIONS = (
    "created",
    "edited",
    "signed",
    "addendum",
    "viewed",
    "exported",
    "printed",
    "deleted",  # a draft; signed notes cannot be deleted
    "flagged",
    "backup",
    "restore",
    "staff-added",
    "staff-changed",
    "signed-in",
    "template-changed",
)
# Autosave writes every second while someone types: one "edited" (or "viewed") entry per
# staff member and note per 10 minutes says enough.
COALESCE_MS = 10 * 60_000
COALESCED = ("edited", "viewed")


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at_ms: int
    staff_id: int | None
    staff_name: str
    action: str
    note_id: int | None
    details: dict[str, Any]
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class ChainCheck:
    """The result of `verify`: ok, or the first entry that does not match and why."""

    entries: int
    broken_seq: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_seq is None


def canonical(
    seq: int,
    at_ms: int,
    staff_id: int | None,
    staff_name: str,
    action: str,
    note_id: int | None,
    details: dict[str, Any],
    prev_hash: str,
) -> bytes:
    item = [FORMAT, seq, at_ms, staff_id, staff_name, action, note_id, details, prev_hash]
    return json.dumps(item, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def entry_hash(*fields: Any) -> str:
    return hashlib.sha256(canonical(*fields)).hexdigest()


def append(
    conn: sqlite3.Connection,
    by: Staff,
    action: str,
    note_id: int | None,
    at_ms: int,
    details: dict[str, Any] | None = None,
) -> int | None:
    """Add an entry (inside the caller's transaction); returns its seq, or None when it was
    coalesced into the same staff member's entry for that note under 10 minutes ago."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    details = details or {}
    if action in COALESCED and note_id is not None:
        last = conn.execute(
            "SELECT action, staff_id, staff_name, at_ms FROM audit WHERE note_id = ? "
            "ORDER BY seq DESC LIMIT 1",
            (note_id,),
        ).fetchone()
        if (
            last is not None
            and last[0] == action
            and last[1] == by.id
            and last[2] == by.name
            and at_ms - last[3] < COALESCE_MS
        ):
            return None
    last = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (1, GENESIS) if last is None else (last[0] + 1, last[1])
    digest = entry_hash(seq, at_ms, by.id, by.name, action, note_id, details, prev)
    conn.execute(
        "INSERT INTO audit (seq, at_ms, staff_id, staff_name, action, note_id, details, "
        "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (seq, at_ms, by.id, by.name, action, note_id, _details_text(details), prev, digest),
    )
    return seq


def entries(conn: sqlite3.Connection, note_id: int | None = None) -> list[AuditEntry]:
    """Every entry in order, or a note's (its addenda's "addendum" entries are on it)."""
    if note_id is None:
        rows = conn.execute("SELECT * FROM audit ORDER BY seq")
    else:
        rows = conn.execute("SELECT * FROM audit WHERE note_id = ? ORDER BY seq", (note_id,))
    return [_entry(row) for row in rows]


def verify(conn: sqlite3.Connection) -> ChainCheck:
    expected_seq, prev, count = 1, GENESIS, 0
    for row in conn.execute("SELECT * FROM audit ORDER BY seq"):
        count += 1
        seq = row["seq"]
        if seq != expected_seq:
            return ChainCheck(count, expected_seq, f"entry {expected_seq} is missing")
        if row["prev_hash"] != prev:
            return ChainCheck(count, seq, "it does not follow the entry before it")
        try:
            details = json.loads(row["details"])
        except ValueError:
            return ChainCheck(count, seq, "its details are not readable")
        digest = entry_hash(
            seq,
            row["at_ms"],
            row["staff_id"],
            row["staff_name"],
            row["action"],
            row["note_id"],
            details,
            row["prev_hash"],
        )
        if digest != row["hash"]:
            return ChainCheck(count, seq, "its contents were changed after it was written")
        prev, expected_seq = row["hash"], seq + 1
    return ChainCheck(count)


def _entry(row: sqlite3.Row) -> AuditEntry:
    return AuditEntry(
        seq=row["seq"],
        at_ms=row["at_ms"],
        staff_id=row["staff_id"],
        staff_name=row["staff_name"],
        action=row["action"],
        note_id=row["note_id"],
        details=json.loads(row["details"]),
        prev_hash=row["prev_hash"],
        hash=row["hash"],
    )


def _details_text(details: dict[str, Any]) -> str:
    return json.dumps(details, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
