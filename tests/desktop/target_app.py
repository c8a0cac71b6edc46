"""A stand-in for the care home's own software: one Tk text field that has the focus.

Usage: target_app.py OUT READY TITLE. Whatever the text holds is written to OUT each
time it changes; READY is created once the window has the keyboard focus.
"""

import sys
import tkinter
from pathlib import Path

out, ready, title = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
root = tkinter.Tk()
root.title(title)
text = tkinter.Text(root, width=60, height=10)
text.pack()
shown = [None]


def poll() -> None:
    content = text.get("1.0", "end-1c")
    if content != shown[0]:
        out.write_text(content, "utf-8")
        shown[0] = content
    if not ready.exists() and root.focus_get() is text:
        ready.touch()
    root.after(20, poll)


def set_pid() -> None:
    # Qt and GTK windows carry _NET_WM_PID (Care Voice's own, too); Tk's do not.
    import os

    from Xlib import Xatom, display

    d = display.Display()
    window = d.create_resource_object("window", root.winfo_id())
    while window != d.screen().root:  # the top-level X window, which carries WM_NAME
        window.change_property(d.intern_atom("_NET_WM_PID"), Xatom.CARDINAL, 32, [os.getpid()])
        window = window.query_tree().parent
    d.sync()
    d.close()


root.after(50, lambda: (set_pid(), root.focus_force(), text.focus_set()))
root.after(100, poll)
root.mainloop()
