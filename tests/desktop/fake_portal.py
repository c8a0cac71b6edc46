"""A stand-in for xdg-desktop-portal's GlobalShortcuts, run as a process on a private bus.

    python tests/desktop/fake_portal.py MODE

MODE: "ok" (answers everything), "no-shortcuts" (the portal is there, GlobalShortcuts
is not), "silent" (takes the calls, never sends a Response), "cancel" (the user
cancelled CreateSession), "hold" (as "ok", but holds BindShortcuts' Response, as a
desktop asking the user would, until told to Answer). It owns
org.freedesktop.portal.Desktop and prints "ready". Tests drive it over the bus
(CONTROL_* below): Press/Release emit Activated/Deactivated for the bound session,
Answer(code) sends the held Response with that code (at once, or when BindShortcuts
comes), Asked says what it was asked (the trigger, the description, how many sessions
were closed, whether BindShortcuts was answered).
"""

from __future__ import annotations

import sys

from jeepney import (
    DBusAddress,
    HeaderFields,
    MessageType,
    message_bus,
    new_error,
    new_method_return,
    new_signal,
)
from jeepney.io.blocking import open_dbus_connection

PORTAL_BUS = "org.freedesktop.portal.Desktop"
PORTAL_PATH = "/org/freedesktop/portal/desktop"
SHORTCUTS = "org.freedesktop.portal.GlobalShortcuts"
CONTROL_PATH = "/org/carevoice/FakePortal"
CONTROL = "org.carevoice.FakePortal"


def serve(mode: str) -> None:
    conn = open_dbus_connection("SESSION")
    conn.send_and_get_reply(message_bus.RequestName(PORTAL_BUS), timeout=5)
    print("ready", flush=True)
    asked = {"trigger": "", "description": "", "closed": 0, "answered": False}
    session = ""
    held: tuple[str, str] | None = None  # BindShortcuts' (sender, token), in "hold" mode
    answer: int | None = None  # the code to answer it with, once told

    def respond(sender: str, token: str, code: int, results: dict) -> None:
        path = f"{PORTAL_PATH}/request/{sender.lstrip(':').replace('.', '_')}/{token}"
        address = DBusAddress(path, interface="org.freedesktop.portal.Request")
        conn.send(new_signal(address, "Response", "ua{sv}", (code, results)))

    def emit(member: str) -> None:
        address = DBusAddress(PORTAL_PATH, interface=SHORTCUTS)
        conn.send(new_signal(address, member, "osta{sv}", (session, "dictate", 0, {})))

    while True:
        msg = conn.receive()
        fields = msg.header.fields
        if msg.header.message_type != MessageType.method_call:
            continue
        member, sender = fields.get(HeaderFields.member), fields.get(HeaderFields.sender, "")
        interface = fields.get(HeaderFields.interface)
        if member == "Get" and interface == "org.freedesktop.DBus.Properties":
            if mode == "no-shortcuts" or msg.body[0] != SHORTCUTS:
                conn.send(new_error(msg, "org.freedesktop.DBus.Error.InvalidArgs"))
            else:
                conn.send(new_method_return(msg, "v", (("u", 1),)))
        elif member == "CreateSession":
            options = msg.body[0]
            token = options["handle_token"][1]
            session = f"{PORTAL_PATH}/session/x/{options['session_handle_token'][1]}"
            conn.send(new_method_return(msg, "o", (f"{PORTAL_PATH}/request/x/{token}",)))
            if mode in ("ok", "hold"):
                respond(sender, token, 0, {"session_handle": ("s", session)})
            elif mode == "cancel":
                respond(sender, token, 1, {})
        elif member == "BindShortcuts":
            _, shortcuts, _, options = msg.body
            asked["trigger"] = shortcuts[0][1]["preferred_trigger"][1]
            asked["description"] = shortcuts[0][1]["description"][1]
            conn.send(new_method_return(msg, "o", (f"{PORTAL_PATH}/request/x/b",)))
            held = (sender, options["handle_token"][1])
            if mode != "hold":
                answer = 0
        elif member == "Answer" and interface == CONTROL:
            answer = msg.body[0]
            conn.send(new_method_return(msg))
        elif member == "Close" and interface == "org.freedesktop.portal.Session":
            asked["closed"] += 1
            conn.send(new_method_return(msg))
        elif member in ("Press", "Release") and interface == CONTROL:
            emit("Activated" if member == "Press" else "Deactivated")
            conn.send(new_method_return(msg))
        elif member == "Asked" and interface == CONTROL:
            body = (asked["trigger"], asked["description"], asked["closed"], asked["answered"])
            conn.send(new_method_return(msg, "ssub", body))
        else:
            conn.send(new_error(msg, "org.freedesktop.DBus.Error.UnknownMethod"))
        if held is not None and answer is not None:
            results = {"shortcuts": ("a(sa{sv})", [])} if answer == 0 else {}
            respond(*held, answer, results)
            held, asked["answered"] = None, True


if __name__ == "__main__":
    serve(sys.argv[1])
