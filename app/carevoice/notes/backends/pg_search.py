"""Search on the PostgreSQL backend: every word anywhere in title or text, any language.

pg_trgm's GIN index on `title || ' ' || body` (backends.postgres.PG_EXTRAS) answers
ILIKE '%word%' for a word of three or more characters, Chinese included (the database's
UTF-8 locale counts CJK characters as letters); a shorter word (血壓, "BP") is
checked on the rows the other words and filters leave, as on SQLite. Same results as
carevoice.notes.search, newest first.
"""

from __future__ import annotations

from carevoice.notes.filters import When, filters
from carevoice.notes.search import (
    HIT_COLUMNS,
    SearchHit,
    hits_from_rows,
    like_pattern,
    query_words,
)

# The indexed expression, written exactly as the index has it so the planner uses it.
SEARCHED = "(n.title || ' ' || n.body)"


def search_notes(
    conn,
    text: str,
    resident_id: int | None = None,
    since: When | None = None,
    until: When | None = None,
    limit: int = 50,
) -> list[SearchHit]:
    """Newest first; an empty query lists the filtered notes."""
    words = query_words(text)
    where, params = filters(resident_id, since, until)
    for word in words:
        where.append(f"{SEARCHED} LIKE ? ESCAPE '\\'")  # ILIKE on PostgreSQL
        params.append(like_pattern(word))
    # The planner chooses between the trigram index and the date index walked newest
    # first (a MATERIALIZED trigram match was tried: faster when nothing matches, slower
    # for a common word; see benchmarks/notes_search.py).
    sql = (
        HIT_COLUMNS
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY n.created_s DESC, n.id DESC LIMIT ?"
    )
    return hits_from_rows(conn.execute(sql, [*params, int(limit)]).fetchall(), words)
