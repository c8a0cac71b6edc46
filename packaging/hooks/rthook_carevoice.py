"""PyInstaller runtime hook: point Care Voice at what its bundle carries, before the app starts.

Runs inside the frozen app before carevoice is imported. Kept free of carevoice imports so
it adds nothing to start-up; tests/test_bundle.py checks the names against the app's own.
"""


def _carevoice_rthook():
    import ctypes.util
    import os
    import sys

    bundle = sys._MEIPASS

    # The multilingual model joined and sha256-checked at build time (packaging/care-voice.spec);
    # carevoice.engine.bundled.BUNDLED_MODELS_ENV names this variable.
    os.environ["CAREVOICE_BUNDLED_MODELS"] = os.path.join(bundle, "models")

    # sounddevice finds PortAudio with ctypes.util.find_library("portaudio"), which on Linux
    # asks ldconfig's cache and never looks in the bundle (PyInstaller only redirects it on
    # Windows). On a machine without Debian's libportaudio2, recording would then fail with
    # "PortAudio library not found" although the bundle carries libportaudio.so.2.
    bundled_portaudio = os.path.join(bundle, "libportaudio.so.2")
    if sys.platform.startswith("linux") and os.path.isfile(bundled_portaudio):
        system_find_library = ctypes.util.find_library

        def find_library(name):
            if name == "portaudio":
                return bundled_portaudio
            return system_find_library(name)

        ctypes.util.find_library = find_library


_carevoice_rthook()
del _carevoice_rthook
