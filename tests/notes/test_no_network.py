"""Nothing in the dictation-to-note flow opens a network connection (care notes are health data).

A Python audit hook sees every socket connect and name lookup in this process and blocks
(and records) any that is not to this machine. Native code that opens sockets without
Python (none of ours is known to) would not be seen; HF_HUB_OFFLINE=1 is set as in the app.
"""

from __future__ import annotations

import ipaddress
import socket
import sys
from contextlib import contextmanager

import pytest

_attempts: list[tuple[str, object]] = []
_installed = False
_active_anywhere = False


def _is_local(host) -> bool:
    if host is None:
        return True
    if isinstance(host, bytes | bytearray):
        host = host.decode(errors="replace")
    if host in ("", "localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _audit(event: str, args) -> None:
    if not _active_anywhere:
        return
    if event == "socket.connect":
        sock, address = args
        if sock.family == getattr(socket, "AF_UNIX", None):
            return  # a local socket file, not the network
        host = address[0] if isinstance(address, tuple) else address
    elif event == "socket.getaddrinfo":
        host = args[0]
    elif event in ("socket.sendto", "socket.sendmsg"):
        host = args[1][0] if isinstance(args[1], tuple) else None
        if host is None:
            return
    else:
        return
    if not _is_local(host):
        _attempts.append((event, host))
        raise ConnectionRefusedError(f"test_no_network: blocked {event} to {host!r}")


@contextmanager
def no_network():
    """Block and record every non-loopback connection attempt, from any thread."""
    global _installed, _active_anywhere
    if not _installed:
        sys.addaudithook(_audit)  # hooks cannot be removed: install once, switch on and off
        _installed = True
    _attempts.clear()
    _active_anywhere = True
    try:
        yield _attempts
    finally:
        _active_anywhere = False


def test_the_guard_blocks_the_network_and_allows_loopback():
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    with no_network() as attempts:
        with socket.create_connection(server.getsockname(), timeout=5):
            pass
        with pytest.raises(ConnectionRefusedError, match="blocked"):
            socket.create_connection(("192.0.2.1", 443), timeout=1)  # TEST-NET-1
        with pytest.raises(ConnectionRefusedError, match="blocked"):
            socket.getaddrinfo("huggingface.co", 443)
        raw = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
        with pytest.raises(ConnectionRefusedError, match="blocked"):
            raw.connect(("2001:db8::1", 443))
        raw.close()
    server.close()
    assert attempts == [
        ("socket.getaddrinfo", "192.0.2.1"),
        ("socket.getaddrinfo", "huggingface.co"),
        ("socket.connect", "2001:db8::1"),
    ]


def test_dictation_to_saved_searched_exported_note_makes_no_connection(
    speech, tmp_path, qapp, store
):
    from carevoice.engine.pool import ModelPool
    from carevoice.engine.transcriber import TranscribeOptions, TranscriptionJob
    from carevoice.notes import options_for, postprocess_transcript
    from carevoice.notes.exports import NOTE_FORMATS, export_notes
    from carevoice.ui.notes.pdf_export import export_pdf
    from tests.notes.pdftext import pdf_text

    with no_network() as attempts:
        resident = store.add_resident("Margaret O'Brien", "Room 12")
        store.add_term("Donepezil", "medication")
        options = options_for(store, resident, TranscribeOptions(model="tiny.en"))
        # A pool of its own, so loading the model happens under the guard too (the shared
        # pool may have loaded tiny.en in an earlier test, outside it).
        pool = ModelPool(max_loaded=1, workers=1)
        transcript = TranscriptionJob(speech["en"], options, pool).run()
        transcript = postprocess_transcript(transcript, traditional=True)
        note = store.note_from_transcript(transcript, resident, "Ana", "dictation", speech["en"])
        assert "breakfast" in note.text.lower()
        store.save_text(note.id, note.text + " Daughter visited.")
        assert [hit.note_id for hit in store.search("Daughter visited")] == [note.id]
        assert [hit.note_id for hit in store.search("garden", resident=resident)] == [note.id]
        note = store.get_note(note.id)
        written = []
        for fmt in NOTE_FORMATS:
            path = tmp_path / f"note.{fmt}"
            if fmt == "pdf":
                written.append(export_pdf([note], path))
            else:
                written.append(export_notes([note], fmt, path))
        assert "Daughtervisited." in "".join(pdf_text(tmp_path / "note.pdf").split())
        backup = store.backup(tmp_path / "all.carevoice-backup")
        store.restore(backup)
    assert attempts == [], f"network connections were attempted: {attempts}"
    assert all(path.stat().st_size > 0 for path in written)
