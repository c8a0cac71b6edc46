"""Fixtures for the notes tests: a real store in the test's private Care Voice home."""

from __future__ import annotations

import pytest


@pytest.fixture
def store():
    from carevoice.notes.store import NoteStore

    with NoteStore() as opened:
        yield opened
