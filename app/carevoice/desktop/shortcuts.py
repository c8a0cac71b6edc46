"""Which global shortcut this desktop gets: the one place that chooses the route.

On Wayland (WAYLAND_DISPLAY, or XDG_SESSION_TYPE=wayland) the desktop portal's
GlobalShortcuts comes first. Where the desktop has no such portal, an X display (X11, or
XWayland on a Wayland desktop, with its limits said) gets a key grab; with neither, the
shortcut only works in the window and the user is told how to bind
`care-voice dictate --toggle --type` instead. A portal that is there but fails (the user
cancelled, it did not answer) is said as it is; no other route is tried behind it.

Whether the desktop has the portal is known at once (one property read); the binding
itself, which a desktop may first put to the user in a dialog, is answered later, on
the portal's thread, so the caller (the GUI thread) never waits for it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Protocol

from carevoice.desktop.typing import xwayland_limits
from carevoice.desktop.x11_shortcut import ShortcutError
from carevoice.phrases import Phrase, joined

PORTAL_ROUTE = Phrase(
    "The dictation shortcut works through the desktop's global shortcuts; "
    "the desktop's settings may show it, or let you change its keys."
)


class GlobalShortcut(Protocol):
    keys: str

    def close(self) -> None: ...


def is_wayland(env: Mapping[str, str]) -> bool:
    return bool(env.get("WAYLAND_DISPLAY")) or env.get("XDG_SESSION_TYPE") == "wayland"


def open_global_shortcut(
    keys: str,
    on_press: Callable[[], None],
    on_release: Callable[[], None] | None = None,
    on_said: Callable[[str], None] | None = None,
    env: Mapping[str, str] | None = None,
) -> GlobalShortcut:
    """The shortcut, started on this desktop's route. What to tell the user about the
    route goes to on_said: for the key grab at once, where there is something to say;
    for the portal from its thread, once the desktop has bound the shortcut or said no.
    Raises ShortcutError, whose message says why there is no route and what to do."""
    env = os.environ if env is None else env
    said = on_said or (lambda phrase: None)
    portal_said: str | None = None
    if is_wayland(env):
        from carevoice.desktop.portal_shortcut import PortalShortcut, PortalUnavailable

        def bound(error: ShortcutError | None) -> None:
            said(error.message if error is not None else PORTAL_ROUTE)

        portal = PortalShortcut(keys, on_press, on_release)
        try:
            portal.start(bound)
        except PortalUnavailable as exc:
            portal_said = exc.message
        else:
            return portal
    if not env.get("DISPLAY"):
        raise ShortcutError(
            joined(
                portal_said or "",
                Phrase(
                    "The dictation shortcut only works in the Care Voice window here. To "
                    'dictate from any application, bind "care-voice dictate --toggle --type" '
                    "to a shortcut in the system settings."
                ),
            )
        )
    from carevoice.desktop.x11_shortcut import X11Shortcut

    grab = X11Shortcut(keys, on_press, on_release, display_name=env.get("DISPLAY"))
    grab.start()
    limits = xwayland_limits(env)  # grabbed through XWayland: said plainly, once
    if limits is not None:
        said(limits)
    return grab
