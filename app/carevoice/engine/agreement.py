"""Settling live text: LocalAgreement-2 over timed words, and the word helpers it needs.

A word settles once two consecutive hypotheses agree on it (Macháček et al., "Turning
Whisper into Real-Time Transcription System", 2023); settled words never change.
"""

from __future__ import annotations

import re

from carevoice.engine.transcript import Word


def normalised_word(text: str) -> str:
    """A word as agreement compares it: lower case, without punctuation."""
    return re.sub(r"[^\w']", "", text.lower())


def join_text(*parts: str) -> str:
    """Non-empty pieces of text, one space between them."""
    return " ".join(p.strip() for p in parts if p.strip())


def words_text(words) -> str:
    """The text of timed words (each carries its own leading space)."""
    return "".join(w.text for w in words).strip()


class LocalAgreement:
    """LocalAgreement-2 over timed words: settle the longest prefix two hypotheses share.

    Hypotheses come from overlapping windows, so a new one may repeat settled words; those
    are recognised by time (they start before the last settled word ended) and by text
    (up to five words matching the settled tail) and dropped. Only hypotheses heard from
    at least `min_window_s` of audio count: on less, two passes can agree on a mishearing.
    """

    # Whisper's word times wobble by a few tens of ms from pass to pass.
    TIME_SLACK_S = 0.1
    MAX_REPEAT_WORDS = 5

    def __init__(self, min_window_s: float = 0.0) -> None:
        self.min_window_s = min_window_s
        self.settled: list[Word] = []
        self.pending: list[Word] = []  # the latest hypothesis after the settled words
        self._pending_counts = False  # whether `pending` was heard from enough audio

    @property
    def settled_end_s(self) -> float:
        return self.settled[-1].end_s if self.settled else 0.0

    def update(
        self,
        hypothesis: list[Word],
        horizon_s: float = float("inf"),
        window_s: float = float("inf"),
    ) -> list[Word]:
        """Take a new hypothesis, heard from `window_s` seconds of audio; returns the
        words it settles (maybe none).

        Only words ending before `horizon_s` may settle: a word cut off by the end of the
        window is often misheard the same way twice.
        """
        new = self._unseen(hypothesis)
        counts = window_s >= self.min_window_s
        agreed = 0
        while (
            counts
            and self._pending_counts
            and agreed < min(len(new), len(self.pending))
            and new[agreed].end_s <= horizon_s
            and normalised_word(new[agreed].text) == normalised_word(self.pending[agreed].text)
        ):
            agreed += 1
        settled = new[:agreed]  # the newer wording and times of the agreed words
        self.settled += settled
        self.pending = new[agreed:]
        self._pending_counts = counts
        return settled

    def settle_all(self, hypothesis: list[Word] | None = None) -> list[Word]:
        """Settle everything (an utterance ended, or recording stopped): the words of
        `hypothesis` after the settled ones, or the pending words when it is None."""
        new = self.pending if hypothesis is None else self._unseen(hypothesis)
        self.settled += new
        self.pending = []
        return new

    def _unseen(self, hypothesis: list[Word]) -> list[Word]:
        end = self.settled_end_s
        words = [w for w in hypothesis if w.start_s > end - self.TIME_SLACK_S]
        if words and self.settled and abs(words[0].start_s - end) < 1.0:
            longest = min(self.MAX_REPEAT_WORDS, len(self.settled), len(words))
            for n in range(longest, 0, -1):
                tail = [normalised_word(w.text) for w in self.settled[-n:]]
                if tail == [normalised_word(w.text) for w in words[:n]]:
                    return words[n:]
        return words
