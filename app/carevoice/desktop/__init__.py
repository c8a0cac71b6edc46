"""The desktop outside Care Voice: typing text into the application that has the cursor.

Qt-free, so the command line (`care-voice dictate --type`) and the window share it.
Only X11 is done (`x11_typing.py`); `make_typist` (`typists.py`) says plainly why typing cannot work
elsewhere (Wayland without X, Windows, macOS).
"""
