"""Full-text search over care notes, in English, Chinese or any other language.

The FTS5 trigram index finds any run of three or more characters, so 兩個字 matches
inside a Chinese sentence with no spaces. A trigram index cannot answer a query shorter
than three characters (血壓, "BP"); those words are matched with LIKE over the same
filtered rows instead. Every word of the query must appear (AND), anywhere in the title
or text, case-insensitively for Latin letters.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from carevoice.notes.filters import When, filters
from carevoice.notes.records import default_title

TRIGRAM = 3  # the shortest word the trigram index can look up


@dataclass(frozen=True)
class SearchHit:
    """One matching note, with the stretch of its text around the first match."""

    note_id: int
    resident_id: int | None
    resident_name: str | None
    title: str  # the note's title, or its opening words when it has none
    snippet: str
    created_s: float
    updated_s: float
    status: str = "draft"  # "draft" or "signed"


def query_words(text: str) -> list[str]:
    """The query's words, split on whitespace, duplicates dropped."""
    return list(dict.fromkeys(text.split()))


def match_expression(words: list[str]) -> str:
    """An FTS5 query requiring each word as a substring (a quoted trigram phrase)."""
    return " AND ".join('"' + word.replace('"', '""') + '"' for word in words)


def like_pattern(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_notes(
    conn: sqlite3.Connection,
    text: str,
    resident_id: int | None = None,
    since: When | None = None,
    until: When | None = None,
    limit: int = 50,
) -> list[SearchHit]:
    """Newest first; an empty query lists the filtered notes."""
    words = query_words(text)
    long_words = [w for w in words if len(w) >= TRIGRAM]
    short_words = [w for w in words if len(w) < TRIGRAM]
    where, params = filters(resident_id, since, until)
    if long_words:
        where.insert(0, "n.id IN (SELECT rowid FROM notes_fts WHERE notes_fts MATCH ?)")
        params.insert(0, match_expression(long_words))
    for word in short_words:
        where.append("(n.title LIKE ? ESCAPE '\\' OR n.body LIKE ? ESCAPE '\\')")
        params += [like_pattern(word)] * 2
    sql = (
        HIT_COLUMNS
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY n.created_s DESC, n.id DESC LIMIT ?"
    )
    rows = conn.execute(sql, [*params, int(limit)]).fetchall()
    return hits_from_rows(rows, words)


# The columns a search reads, for hits_from_rows.
HIT_COLUMNS = (
    "SELECT n.id, n.resident_id, r.name AS resident_name, n.title, n.body, n.created_s, "
    "n.updated_s, n.status FROM notes n LEFT JOIN residents r ON r.id = n.resident_id"
)


def hits_from_rows(rows, words: list[str]) -> list[SearchHit]:
    """SearchHits from rows of HIT_COLUMNS, with a snippet around the first word found."""
    return [
        SearchHit(
            note_id=row["id"],
            resident_id=row["resident_id"],
            resident_name=row["resident_name"],
            title=row["title"].strip() or default_title(row["body"]) or f"Note {row['id']}",
            snippet=snippet(row["body"], words),
            created_s=row["created_s"],
            updated_s=row["updated_s"],
            status=row["status"],
        )
        for row in rows
    ]


def snippet(text: str, words: list[str], width: int = 80) -> str:
    """About `width` characters of `text` around the first query word found in it."""
    flat = " ".join(text.split())
    lowered = flat.lower()
    found = [i for i in (lowered.find(w.lower()) for w in words) if i >= 0]
    start = max(0, min(found) - width // 3) if found else 0
    piece = flat[start : start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(flat) else "")
