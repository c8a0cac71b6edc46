"""Staff on this installation: who they are, their PINs as slow salted hashes, signing in.

A PIN is kept only as `scrypt$N$r$p$salt$hash` (hashlib.scrypt, N=2^14, r=8, p=5, a
random 16-byte salt, base64), compared in constant time. Three wrong PINs in a row make
that staff member wait 30 seconds before the next try, and each wrong PIN after that
doubles the wait, up to 15 minutes; the count and the wait are kept in the database, so
closing the app or the command line does not reset them.

An installation where no staff were ever set up is in single-user mode: one implicit
user (SINGLE_USER), no PIN, allowed everything, as Care Voice was before staff records.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import sqlite3
from dataclasses import dataclass

from carevoice.notes.records import NotesError

ROLES = ("carer", "nurse", "manager")
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 5
_SALT_BYTES, _KEY_BYTES = 16, 32
FREE_TRIES = 3  # wrong PINs before the first wait
FIRST_WAIT_MS = 30_000
LONGEST_WAIT_MS = 15 * 60_000
MIN_PIN = 4


class StaffNotFound(NotesError, LookupError):
    pass


class WrongPin(NotesError):
    """The PIN was wrong (the message says so, and how long to wait when it comes to that)."""

    def __init__(self, message: str, wait_s: float = 0.0):
        super().__init__(message)
        self.wait_s = wait_s


class SignInLocked(NotesError):
    """Too many wrong PINs: no PIN is checked until `wait_s` has passed."""

    def __init__(self, message: str, wait_s: float):
        super().__init__(message)
        self.wait_s = wait_s


@dataclass(frozen=True)
class Staff:
    """A member of staff. `id` is None only for SINGLE_USER."""

    id: int | None
    name: str
    role: str  # "carer", "nurse" or "manager"
    active: bool = True
    has_pin: bool = False

    @property
    def is_single_user(self) -> bool:
        return self.id is None


# The one implicit user of an installation without staff records.
SINGLE_USER = Staff(id=None, name="", role="manager", active=True, has_pin=False)


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    salt = os.urandom(_SALT_BYTES) if salt is None else salt
    key = _scrypt(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return "$".join(["scrypt", str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P), _b64(salt), _b64(key)])


def pin_matches(pin: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(key)
        found = _scrypt(pin, base64.b64decode(salt), int(n), int(r), int(p), len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(found, expected)


def checked_pin(pin: str) -> str:
    if len(pin) < MIN_PIN:
        raise NotesError(f"A PIN needs at least {MIN_PIN} characters.")
    return pin


def wait_ms_after(failed_attempts: int) -> int:
    """How long to wait after this many wrong PINs in a row (0: try again now)."""
    if failed_attempts < FREE_TRIES:
        return 0
    return min(FIRST_WAIT_MS * 2 ** (failed_attempts - FREE_TRIES), LONGEST_WAIT_MS)


def staff_from_row(row: sqlite3.Row) -> Staff:
    return Staff(
        id=row["id"],
        name=row["name"],
        role=row["role"],
        active=bool(row["active"]),
        has_pin=row["pin_hash"] is not None,
    )


def checked_staff(name: str, role: str) -> tuple[str, str]:
    name = " ".join((name or "").split())
    if not name:
        raise NotesError("A staff member needs a name.")
    if role not in ROLES:
        raise NotesError(f"Unknown role {role!r}; use one of {', '.join(ROLES)}.")
    return name, role


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int, dklen: int = _KEY_BYTES) -> bytes:
    return hashlib.scrypt(
        pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=256 * 1024 * 1024, dklen=dklen
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
