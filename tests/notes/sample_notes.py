"""Ten thousand realistic notes in English and Chinese: for the search test and benchmark."""

from __future__ import annotations

import random
import sqlite3
from datetime import datetime

ENGLISH = [
    "The resident took her morning medication and ate a full breakfast.",
    "Blood pressure was {n}/80 and pulse regular.",
    "She walked to the garden with her daughter in the afternoon.",
    "Complained of pain in the left knee; paracetamol given at {n}:00.",
    "Slept well, no falls during the night.",
    "Donepezil and metoprolol given with water.",
]
CHINESE = [
    "早上量了血壓，{n}，精神很好。",
    "她和女兒在花園散步了一個小時。",
    "晚上睡得不好，護理師說她想寫兩個字給家人。",
    "午餐吃了半碗粥，喝了水。",
    "今天沒有跌倒，情緒穩定。",
]


def fill(path, count: int, seed: int = 7) -> None:
    """`count` notes of 3 to 8 sentences in English and Chinese, over two years, 40 residents."""
    rng = random.Random(seed)
    start = datetime(2024, 1, 1).timestamp()
    with sqlite3.connect(path) as conn:  # one transaction; the triggers index every note
        conn.executemany(
            "INSERT INTO residents (id, name, created_s) VALUES (?, ?, ?)",
            [(i, f"Resident {i}", start) for i in range(1, 41)],
        )
        rows = []
        for i in range(count):
            pool = CHINESE if i % 3 == 0 else ENGLISH
            sentences = [rng.choice(pool).format(n=rng.randint(100, 160)) for _ in range(8)]
            body = " ".join(sentences[: rng.randint(3, 8)])
            created = start + i * (2 * 365 * 86400 / count)
            rows.append((rng.randint(1, 40), created, created, f"Note {i}", body, "typed"))
        conn.executemany(
            "INSERT INTO notes (resident_id, created_s, updated_s, title, body, source) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )


QUERIES = [
    "breakfast",
    "blood pressure",
    "Donepezil",
    "兩個字",
    "血壓",
    "BP",
    "knee pain",
    "花園散步",
    "zzz-nothing",
    "the",
    "午餐 粥",
    "r",
]
