"""A global shortcut on Wayland: the XDG desktop portal's GlobalShortcuts interface.

Wayland lets no application grab keys; a desktop that offers the portal
(org.freedesktop.portal.GlobalShortcuts on the session bus) binds the shortcut itself
and tells us when it is pressed (Activated) and released (Deactivated). The calls:
CreateSession, then BindShortcuts with one shortcut, "dictate", each answered by a
Request object's Response signal (0 done, 1 cancelled by the user, 2 anything else).
Only the version check (one property the portal itself answers) is made by the caller;
the session and the binding are made on the shortcut's own thread, which says how it
went through a callback: a desktop may ask the user to confirm the shortcut first, and
nothing waits for that but this thread. Every wait has a timeout (BINDING_TIMEOUT_S for
the user's answer, TIMEOUT_S for the rest), so a portal that never answers is a
ShortcutError, not a hang; close() stops any wait within POLL_S.
Tested against a fake portal on a private bus (tests/desktop/fake_portal.py), not a real
GNOME or KDE desktop.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable

from jeepney import (
    DBusAddress,
    HeaderFields,
    MatchRule,
    MessageType,
    Properties,
    message_bus,
    new_method_call,
)
from jeepney.io.blocking import DBusConnection, open_dbus_connection
from Xlib import XK

from carevoice.desktop.x11_shortcut import ShortcutError, parse_keys
from carevoice.phrases import Phrase

log = logging.getLogger(__name__)

PORTAL_BUS = "org.freedesktop.portal.Desktop"
PORTAL_PATH = "/org/freedesktop/portal/desktop"
SHORTCUTS = "org.freedesktop.portal.GlobalShortcuts"
SHORTCUT_ID = "dictate"
TIMEOUT_S = 5.0  # for each method reply, and CreateSession's Response
BINDING_TIMEOUT_S = 120.0  # BindShortcuts' Response: the user may be reading a dialog
POLL_S = 0.2  # how often a wait on the thread looks whether close() was called
# Our names -> the XDG shortcuts specification's (xdg-specs, shortcuts/).
_MODIFIERS = {
    "ctrl": "CTRL",
    "control": "CTRL",
    "alt": "ALT",
    "shift": "SHIFT",
    "super": "LOGO",
    "meta": "LOGO",
}


class PortalUnavailable(ShortcutError):
    """This desktop has no GlobalShortcuts portal: another route may serve."""


class _Closed(Exception):
    """close() was called while the thread waited for the portal."""


def portal_trigger(keys: str) -> str:
    """ "Ctrl+Alt+Space" -> "CTRL+ALT+space": the shortcuts spec's modifiers, then the
    key's xkb keysym name. Raises ShortcutError as parse_keys does."""
    _, keysym = parse_keys(keys)  # the same checks and messages as on X11
    parts = [p.strip() for p in keys.split("+") if p.strip()]
    key = parts[-1]
    # The keysym's own name ("space", "Return", "F9"); a letter in lower case.
    key = next(
        (n for n in (key, key.lower(), key.capitalize()) if XK.string_to_keysym(n) == keysym), key
    )
    if len(key) == 1:
        key = key.lower()
    return "+".join([_MODIFIERS[m.lower()] for m in parts[:-1]] + [key])


class PortalShortcut:
    """Binds `keys` through the portal on its thread, says how that went through
    on_bound(None | ShortcutError), then calls on_press()/on_release() there."""

    def __init__(
        self,
        keys: str,
        on_press: Callable[[], None],
        on_release: Callable[[], None] | None = None,
        timeout_s: float = TIMEOUT_S,
        binding_timeout_s: float = BINDING_TIMEOUT_S,
    ):
        self.keys = keys
        self.trigger = portal_trigger(keys)
        self.on_press = on_press
        self.on_release = on_release
        self.timeout_s = timeout_s
        self.binding_timeout_s = binding_timeout_s
        self.session: str | None = None
        self._conn: DBusConnection | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._signals: deque = deque(maxlen=256)  # the portal's signals, as they come

    def start(self, on_bound: Callable[[ShortcutError | None], None]) -> None:
        """Check that the desktop has the portal (raises PortalUnavailable when it has
        not), then start the thread that creates the session and binds the shortcut. It
        calls on_bound(None) once bound, or on_bound(error) with what went wrong, on the
        thread; not at all when close() comes first."""
        try:
            conn = open_dbus_connection("SESSION")
        except (KeyError, OSError, TimeoutError, ValueError) as exc:  # no session bus
            raise PortalUnavailable(
                Phrase("Care Voice cannot reach the desktop's session bus ({reason}).",
                       reason=str(exc) or type(exc).__name__)
            ) from None  # fmt: skip
        self._conn = conn
        try:
            self._version()
            self._listen_for_signals()
        except BaseException:
            self._conn = None
            conn.close()
            raise
        self._thread = threading.Thread(
            target=self._run, args=(on_bound,), name="carevoice-portal-shortcut", daemon=True
        )
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            # A wait for a Response ends within POLL_S; one for a method reply (which a
            # portal sends at once) within timeout_s.
            self._thread.join(self.timeout_s + 1.0)
            self._thread = None
        conn, self._conn = self._conn, None
        if conn is None:
            return
        if self.session is not None:
            close = DBusAddress(self.session, PORTAL_BUS, "org.freedesktop.portal.Session")
            try:
                conn.send_and_get_reply(new_method_call(close, "Close"), timeout=self.timeout_s)
            except (OSError, TimeoutError) as exc:
                log.info("the portal session did not close: %s", exc)
        conn.close()

    # -- the calls --------------------------------------------------------------------

    def _call(self, method: str, signature: str, body: tuple) -> None:
        portal = DBusAddress(PORTAL_PATH, PORTAL_BUS, SHORTCUTS)
        self._reply(new_method_call(portal, method, signature, body))

    def _reply(self, msg):
        assert self._conn is not None
        try:
            reply = self._conn.send_and_get_reply(msg, timeout=self.timeout_s)
        except TimeoutError:
            raise self._no_answer() from None
        if reply.header.message_type == MessageType.error:
            name = reply.header.fields.get(HeaderFields.error_name, "")
            raise ShortcutError(Phrase("The desktop refused the shortcut ({reason}).", reason=name))
        return reply

    def _no_answer(self, waited_s: float | None = None) -> ShortcutError:
        return ShortcutError(
            Phrase(
                "The desktop did not answer within {seconds} s when Care Voice asked for "
                "the shortcut.",
                seconds=round(self.timeout_s if waited_s is None else waited_s, 1),
            )
        )

    def _version(self) -> int:
        assert self._conn is not None
        get = Properties(DBusAddress(PORTAL_PATH, PORTAL_BUS, SHORTCUTS)).get("version")
        try:
            reply = self._conn.send_and_get_reply(get, timeout=self.timeout_s)
        except TimeoutError:  # a portal that answers nothing is as good as none
            raise PortalUnavailable(self._no_answer().message) from None
        if reply.header.message_type == MessageType.error:
            raise PortalUnavailable(
                Phrase("This desktop does not offer global shortcuts to applications.")
            )
        return int(reply.body[0][1])

    def _listen_for_signals(self) -> None:
        """Ask the bus for the portal's signals before any call, so that no Response
        can come before we listen for it."""
        assert self._conn is not None
        for rule in (
            MatchRule(type="signal", interface="org.freedesktop.portal.Request", member="Response"),
            MatchRule(type="signal", interface=SHORTCUTS, path=PORTAL_PATH),
        ):
            self._reply(message_bus.AddMatch(rule))
        self._conn.filter(MatchRule(type="signal"), queue=self._signals)

    def _request_path(self, token: str) -> str:
        assert self._conn is not None
        sender = self._conn.unique_name.lstrip(":").replace(".", "_")
        return f"{PORTAL_PATH}/request/{sender}/{token}"

    def _response(self, token: str, timeout_s: float) -> dict:
        """Wait for the Response of request `token`; its results, when the code is 0.
        Raises _Closed as soon as close() is called."""
        assert self._conn is not None
        path = self._request_path(token)
        deadline = time.monotonic() + timeout_s
        while True:
            while self._signals:
                msg = self._signals.popleft()
                if msg.header.fields.get(HeaderFields.path) == path and _member(msg) == "Response":
                    code, results = msg.body
                    if code == 0:
                        return results
                    if code == 1:
                        raise ShortcutError(
                            Phrase("The shortcut was not set up: it was cancelled on the desktop.")
                        )
                    raise ShortcutError(
                        Phrase("The desktop could not set up the shortcut (it answered {code}).",
                               code=code)
                    )  # fmt: skip
            if self._stop.is_set():
                raise _Closed
            left = deadline - time.monotonic()
            if left <= 0:
                raise self._no_answer(timeout_s)
            try:
                self._conn.recv_messages(timeout=min(left, POLL_S))
            except TimeoutError:
                continue

    def _create_session(self) -> str:
        token = "carevoice_" + secrets.token_hex(4)
        options = {
            "handle_token": ("s", token),
            "session_handle_token": ("s", "carevoice_" + secrets.token_hex(4)),
        }
        self._call("CreateSession", "a{sv}", (options,))
        results = self._response(token, self.timeout_s)
        handle = results.get("session_handle")
        if handle is None:
            raise ShortcutError(Phrase("The desktop opened no shortcut session."))
        return str(handle[1])

    def _bind(self) -> None:
        token = "carevoice_" + secrets.token_hex(4)
        shortcut = (
            SHORTCUT_ID,
            {
                "description": ("s", "Start or stop dictating"),
                "preferred_trigger": ("s", self.trigger),
            },
        )
        self._call(
            "BindShortcuts", "oa(sa{sv})sa{sv}",
            (self.session, [shortcut], "", {"handle_token": ("s", token)}),
        )  # fmt: skip
        self._response(token, self.binding_timeout_s)

    # -- the thread -------------------------------------------------------------------

    def _run(self, on_bound: Callable[[ShortcutError | None], None]) -> None:
        """Bind, say how it went, and listen while bound."""
        try:
            self.session = self._create_session()
            self._bind()
        except _Closed:
            return
        except ShortcutError as exc:
            self._say(on_bound, exc)
            return
        except OSError as exc:  # the bus connection broke
            self._say(on_bound, ShortcutError(
                Phrase("Care Voice cannot reach the desktop's session bus ({reason}).",
                       reason=str(exc) or type(exc).__name__)
            ))  # fmt: skip
            return
        self._say(on_bound, None)
        self._listen()

    def _say(
        self, on_bound: Callable[[ShortcutError | None], None], error: ShortcutError | None
    ) -> None:
        try:
            on_bound(error)
        except Exception:
            log.exception("the shortcut's on_bound failed")

    def _listen(self) -> None:
        conn = self._conn
        assert conn is not None, "start() connects before the thread runs"
        while not self._stop.is_set():
            while self._signals:
                self._dispatch(self._signals.popleft())
            try:
                conn.recv_messages(timeout=POLL_S)
            except TimeoutError:
                continue
            except OSError:
                log.exception("the portal connection failed")
                return

    def _dispatch(self, msg) -> None:
        if msg.header.fields.get(HeaderFields.interface) != SHORTCUTS or len(msg.body) < 2:
            return
        session, shortcut_id = msg.body[0], msg.body[1]
        if session != self.session or shortcut_id != SHORTCUT_ID:
            return
        member = _member(msg)
        callback = self.on_press if member == "Activated" else None
        if member == "Deactivated":
            callback = self.on_release
        if callback is None:
            return
        try:
            callback()
        except Exception:
            log.exception("the shortcut's listener failed")


def _member(msg) -> str:
    return msg.header.fields.get(HeaderFields.member, "")
