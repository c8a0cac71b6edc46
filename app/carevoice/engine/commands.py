"""Spoken commands in dictated text: "new line", "comma", "scratch that", 換行, 刪除剛才 ...

Applied after recognition, deterministically, to the text of whole utterances. The rule
that keeps a command from firing inside an ordinary sentence ("a new line of medication"
stays text):

  Dictated text is cut into *utterances* at the places a speaker stops: a pause between
  words (`PAUSE_S` or more, when timed words are given), the end of a piece of text given
  separately (a segment), and sentence-final punctuation the recogniser wrote (. ? ! 。？！).
  Utterances are cut into *clauses* at commas and the like (, ; : ，；：、). A command
  fires only when it is a whole clause that is the whole utterance, its first clause or
  its last clause: it is said on its own, or at an utterance's edge set off by a pause or
  punctuation. Anywhere else, and when it is only part of a clause, it is text.

"literal" / 「字面」 before a command's words keeps them as text, wherever they are
("literal new line" gives "new line"). "scratch that" / 「刪除剛才」 removes the last
utterance: the one it ends, or, said on its own, the one before it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass

from carevoice.engine.transcriber import TranscribeOptions
from carevoice.engine.transcript import Transcript, Word

PAUSE_S = 0.5  # a silence between two words this long ends an utterance

NEW_LINE = "\n"
NEW_PARAGRAPH = "\n\n"
DELETE = "delete"

# The words of each command, as `_normalised` writes them.
_ENGLISH = {
    "new line": NEW_LINE,
    "newline": NEW_LINE,
    "new paragraph": NEW_PARAGRAPH,
    "full stop": ".",
    "period": ".",
    "comma": ",",
    "question mark": "?",
    "delete that": DELETE,
    "scratch that": DELETE,
}
_CHINESE = {
    "換行": NEW_LINE,
    "换行": NEW_LINE,
    "新段落": NEW_PARAGRAPH,
    "句號": ".",
    "句号": ".",
    "逗號": ",",
    "逗号": ",",
    "問號": "?",
    "问号": "?",
    "刪除剛才": DELETE,
    "删除刚才": DELETE,
}
COMMANDS = {**_ENGLISH, **_CHINESE}
_FULL_WIDTH = {".": "。", ",": "，", "?": "？"}

_SENTENCE_END = "?!。？！"  # and "." when it is not inside a number
_CLAUSE_END = ",;:，；：、"
# A mark and the spaces after it; "." inside a number (37.2) or an abbreviation's dot is
# left to the text.
_SPLIT = re.compile(r"((?:(?<!\d)\.(?!\d)|[?!。？！,;:，；：、…])+)\s*")
_LITERAL = re.compile(
    r"(?:\bliteral\s+|字面\s*)("
    + "|".join(sorted((re.escape(p) for p in COMMANDS), key=len, reverse=True))
    + r")",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Clause:
    text: str  # as dictated, without its mark
    mark: str  # the punctuation that ended it ("" at an utterance's end)


def apply_commands(pieces: str | Sequence[str], enabled: bool = True) -> str:
    """The dictated text with its spoken commands carried out; `pieces` are utterances
    (segments), or one text. With `enabled` False, only the pieces joined."""
    if isinstance(pieces, str):
        pieces = [pieces]
    if not enabled:
        return _join_all([p.strip() for p in pieces])
    out = _Output()
    for piece in pieces:
        for utterance in _utterances(piece):
            out.utterance(utterance)
    return out.text()


def dictated_text(
    transcript: Transcript, utterances: Sequence[str] = (), enabled: bool = True
) -> str:
    """A dictation's text with its spoken commands carried out (when `enabled`): the one
    place the Dictate place's text, the care note saved from it and the text typed into
    another application come from. `utterances`: the text cut where the speaker paused
    (the live transcriber's); without them, the transcript's segments (a re-read or
    corrected transcript)."""
    pieces = list(utterances) or [s.text for s in transcript.segments]
    return apply_commands(pieces, enabled)


def utterances_from_words(words: Sequence[Word], pause_s: float = PAUSE_S) -> list[str]:
    """Timed words as the utterances the pauses between them make."""
    pieces: list[list[Word]] = []
    for word in words:
        if not pieces or word.start_s - pieces[-1][-1].end_s >= pause_s:
            pieces.append([])
        pieces[-1].append(word)
    return ["".join(w.text for w in piece).strip() for piece in pieces]


def command_words(language: str | None) -> tuple[str, ...]:
    """The commands' words, for the model's vocabulary: primed with them, tiny.en hears
    espeak-ng's "Scratch that" right where it otherwise hears "Crash note"."""
    english = ("new line", "new paragraph", "full stop", "comma", "question mark",
               "delete that", "scratch that")  # fmt: skip
    chinese = ("換行", "新段落", "句號", "逗號", "問號", "刪除剛才")
    if language is None:
        return english + chinese
    return chinese if language.startswith("zh") else english


def listening_for_commands(options: TranscribeOptions) -> TranscribeOptions:
    """`options` with the commands' words in the glossary prompt after the vocabulary
    (not as hotwords: see TranscribeOptions.prompt_only_terms), for a dictation whose
    commands are carried out (the app's and `care-voice dictate --type`'s)."""
    return dataclasses.replace(options, prompt_only_terms=command_words(options.language))


def command_of(text: str) -> str | None:
    """What the words `text` command (NEW_LINE, ".", DELETE ...), or None."""
    return COMMANDS.get(_normalised(text))


# --- the work ------------------------------------------------------------------------


def _normalised(text: str) -> str:
    text = re.sub(r"[\"'“”‘’「」『』]", "", text.strip().lower())
    if _has_cjk(text):
        return re.sub(r"\s+", "", text)
    return " ".join(text.replace("-", " ").split())


def _utterances(piece: str) -> list[list[_Clause]]:
    """A piece of text cut into utterances, each a list of clauses."""
    parts = _SPLIT.split(piece.strip())
    utterances: list[list[_Clause]] = [[]]
    # re.split with one group: text, mark, text, mark, ..., text
    for i in range(0, len(parts), 2):
        text = parts[i].strip()
        mark = parts[i + 1] if i + 1 < len(parts) else ""
        if text or mark:
            utterances[-1].append(_Clause(text, mark))
        if mark and any(m in _SENTENCE_END or m in ".…" for m in mark):
            utterances.append([])
    return [u for u in utterances if u]


class _Output:
    """The text being built, utterance by utterance; remembers where each began."""

    def __init__(self) -> None:
        self.parts: list[str] = []  # text pieces and line breaks, joined by `_join`
        self.starts: list[int] = []  # index in parts where each kept utterance began

    def utterance(self, clauses: list[_Clause]) -> None:
        start = len(self.parts)
        last = len(clauses) - 1
        for i, clause in enumerate(clauses):
            command = command_of(clause.text) if i in (0, last) else None
            if command is None:
                text = _LITERAL.sub(lambda m: m.group(1), clause.text)
                self.parts.append(text + clause.mark)
            elif command == DELETE:
                if len(self.parts) > start:  # "She ate well, scratch that"
                    del self.parts[start:]
                elif self.starts:  # said on its own: the utterance before
                    del self.parts[self.starts.pop() :]
                start = len(self.parts)
            elif command in (NEW_LINE, NEW_PARAGRAPH):
                self._strip_comma()
                self.parts.append(command)
            else:
                self._punctuate(command)
        if len(self.parts) > start:
            self.starts.append(start)

    def _strip_comma(self) -> None:
        # "Pulse regular, new line": the comma only set the command off.
        if self.parts and self.parts[-1] and self.parts[-1][-1] in _CLAUSE_END:
            self.parts[-1] = self.parts[-1][:-1]

    def _punctuate(self, mark: str) -> None:
        """A spoken mark replaces the one the recogniser wrote before it (if any)."""
        for i in range(len(self.parts) - 1, -1, -1):
            text = self.parts[i]
            if text in (NEW_LINE, NEW_PARAGRAPH):
                break
            stripped = text.rstrip(".,;:?!。，；：？！、 ")
            if stripped:
                wide = _has_cjk(stripped[-1])
                self.parts[i] = stripped + (_FULL_WIDTH[mark] if wide else mark)
                del self.parts[i + 1 :]
                return
        # Nothing to end: the mark on its own is not dictated text; drop it.

    def text(self) -> str:
        return _join_all(self.parts)


def _join_all(parts: Sequence[str]) -> str:
    text = ""
    for part in parts:
        if not part:
            continue
        if part in (NEW_LINE, NEW_PARAGRAPH):
            text = text.rstrip(" ") + part
            continue
        text += _gap(text, part) + part
    return text.strip(" ")


def _gap(before: str, after: str) -> str:
    if not before or before[-1].isspace() or after[0].isspace():
        return ""
    if _has_cjk(before[-1]) and (_has_cjk(after[0]) or after[0] in "，。？！"):
        return ""
    if before[-1] in "。，？！、；：":
        return ""
    return " "


def _has_cjk(text: str) -> bool:
    return any(
        "\u3000" <= ch <= "\u9fff" or "\uf900" <= ch <= "\uffef" or ch >= "\U00020000"
        for ch in text
    )
