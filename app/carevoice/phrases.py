"""Sentences the Qt-free core writes for people, in English, that the interface can say in
the user's language.

A `Phrase` is a plain `str` (the English sentence: logs, JSON, `doctor` and tests use it
as it is) that also remembers its template and the values filled in. The interface looks
the template up in its Qt translation (context "CoreText") and fills in the values,
translating those that are phrases too. Templates must be string literals in
`Phrase("...", name=value)` calls: `scripts/build-translations` finds them there.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

TRANSLATION_CONTEXT = "CoreText"


class Phrase(str):
    """An English sentence made from `template` (str.format style) and `params`."""

    template: str
    params: dict[str, object]

    def __new__(cls, template: str, **params: object) -> Phrase:
        made = super().__new__(cls, template.format(**params) if params else template)
        made.template = template
        made.params = params
        return made

    def __reduce__(self):  # copies and pickles keep the template and the values
        return (_rebuild, (self.template, self.params))


def _rebuild(template: str, params: dict[str, object]) -> Phrase:
    return Phrase(template, **params)


def joined(*parts: str, separator: str = " ") -> str:
    """The non-empty `parts` joined; a Phrase still, so each part stays translatable."""
    kept = [part for part in parts if part]
    if len(kept) == 1:
        return kept[0]
    names = [f"part{index}" for index in range(len(kept))]
    template = separator.join("{" + name + "}" for name in names)
    return Phrase(template, **dict(zip(names, kept, strict=True)))


def to_data(text: object) -> object:
    """A JSON-safe form of `text` that `from_data` makes a Phrase again (anything else
    becomes its text), so a sentence saved to disk can still be said in the user's
    language. Numbers among a phrase's values stay numbers."""
    if not isinstance(text, Phrase):
        return str(text)
    params = {
        name: value if type(value) in (int, float) else to_data(value)
        for name, value in text.params.items()
    }
    return {"template": text.template, "params": params}


def from_data(data: object) -> str:
    """The Phrase (or text) `to_data` made; anything malformed comes back as its text."""
    if not isinstance(data, dict):
        return str(data)
    template, params = data.get("template"), data.get("params")
    if not isinstance(template, str) or not isinstance(params, dict):
        return str(data)
    values = {
        name: from_data(value) if isinstance(value, dict) else value
        for name, value in params.items()
    }
    try:
        return Phrase(template, **values)
    except (KeyError, IndexError, ValueError):
        return template


def render(text: str, translate) -> str:
    """`text` in the interface's language: `translate(template)` gives a template's
    translation (or the template itself); values that are phrases are rendered too."""
    if not isinstance(text, Phrase):
        return str(text)
    if not text.params:
        return translate(text.template)
    values = {
        name: render(value, translate) if isinstance(value, Phrase) else value
        for name, value in text.params.items()
    }
    if _JOINED.fullmatch(text.template):
        return _join_sentences([str(values[name]) for name in _NAME.findall(text.template)])
    try:
        return translate(text.template).format(**values)
    except (KeyError, IndexError, ValueError):  # a broken translation: English, not a crash
        return text.template.format(**values)


_JOINED = re.compile(r"(?:\{part\d+\} )*\{part\d+\}")  # what joined() makes
_NAME = re.compile(r"\{(part\d+)\}")


def _join_sentences(parts: list[str]) -> str:
    # Chinese runs sentences together; a space stays only after Latin text.
    out = parts[0]
    for part in parts[1:]:
        out += part if out and ord(out[-1]) >= 0x2E80 else " " + part
    return out


def phrase_templates(package_dir: Path) -> Iterator[tuple[Path, int, str]]:
    """(file, line, template) for every `Phrase("literal", ...)` call under `package_dir`."""
    for path in sorted(package_dir.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "Phrase"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                yield path, node.lineno, node.args[0].value


def lupdate_source(package_dir: Path) -> str:
    """Python source that Qt's lupdate reads: one QT_TRANSLATE_NOOP per core template."""
    import json

    templates = dict.fromkeys(template for _, _, template in phrase_templates(package_dir))
    return "".join(
        f"QT_TRANSLATE_NOOP({json.dumps(TRANSLATION_CONTEXT)}, "
        f"{json.dumps(template, ensure_ascii=False)})\n"
        for template in templates
    )
