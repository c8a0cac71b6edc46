"""Care vocabulary: stored terms, the prompt made from them, and what it does to real speech."""

from __future__ import annotations

import pytest

from carevoice.engine.transcriber import (
    TranscribeOptions,
    TranscriptionJob,
    glossary_prompt,
)
from carevoice.notes.store import NotesError
from carevoice.notes.vocabulary import MAX_GLOSSARY_CHARS, options_for, terms_for
from tests.speech import ENGLISH_NOTE, espeak, word_error_rate

MEDICATIONS = ("Donepezil", "Metoprolol", "Quetiapine", "Apixaban", "Paracetamol")


def test_terms_are_global_or_for_one_resident(store):
    ann = store.add_resident("Ann")
    bob = store.add_resident("Bob")
    donepezil = store.add_term("Donepezil", "medication")
    siobhan = store.add_term("Siobhan", "name", ann)
    assert (siobhan.kind, siobhan.resident_id) == ("name", ann.id)
    assert store.terms() == [donepezil]
    assert store.terms(ann) == [siobhan, donepezil]  # the resident's own first
    assert store.terms(ann, include_global=False) == [siobhan]
    assert store.terms(bob) == [donepezil]
    store.add_term("Siobhan", "name", bob)  # the same word may belong to two residents
    with pytest.raises(NotesError, match="already in this vocabulary"):
        store.add_term("siobhan", "name", ann)
    with pytest.raises(NotesError, match="Unknown kind"):
        store.add_term("Aspirin", "drug")
    with pytest.raises(NotesError, match="cannot be empty"):
        store.add_term("  ")
    store.remove_term(siobhan.id)
    assert store.terms(ann) == [donepezil]
    with pytest.raises(NotesError, match="no vocabulary term"):
        store.remove_term(siobhan.id)


def test_a_residents_terms_go_with_them(store):
    ann = store.add_resident("Ann")
    store.add_term("Ngozi", "name", ann)
    store.delete_resident(ann)
    assert store.terms() == []


def test_the_prompt_puts_the_resident_first_and_fits_the_budget(store):
    ann = store.add_resident("Ngozi Okafor")
    store.add_term("Siobhan", "name", ann)
    store.add_term("Ngozi Okafor", "name")  # a duplicate of her name: listed once
    for term in MEDICATIONS:
        store.add_term(term, "medication")
    terms = terms_for(store, ann)
    assert terms[:2] == ["Ngozi Okafor", "Siobhan"]
    assert sorted(terms[2:]) == sorted(MEDICATIONS)
    assert terms_for(store, ann.id) == terms
    assert glossary_prompt(["A", "B"]) == "Glossary: A, B." and glossary_prompt([]) is None
    for i in range(200):
        store.add_term(f"Medication{i:03d}", "medication")
    long = terms_for(store, ann)
    assert sum(len(t) + 2 for t in long) <= MAX_GLOSSARY_CHARS and long[0] == "Ngozi Okafor"


def test_options_for_adds_the_vocabulary_to_the_given_options(store):
    ann = store.add_resident("Ann")
    store.add_term("Donepezil", "medication")
    base = TranscribeOptions(model="tiny.en", language="en", initial_prompt="Care home notes.")
    options = options_for(store, ann, base)
    assert options.vocabulary == ("Ann", "Donepezil")
    assert options.initial_prompt == "Care home notes."  # the engine adds the glossary
    assert (options.model, options.language) == ("tiny.en", "en")
    store.remove_term(store.terms()[0].id)
    assert options_for(store, None, base) is base  # nothing to add
    assert options_for(store).vocabulary == ()


# ---------------------------------------------------------------- real speech
# Found by experiment (espeak-ng en-us, tiny.en on the CPU, int8): without a glossary
# "Donepezil" comes out as "don't reveal" and "Siobhan" as "shimong"; with the stored
# vocabulary both are spelled right. What the model guesses without the glossary differs
# from CPU to CPU, so only the primed result is asserted; the unprimed one is printed.

SENTENCE = "The nurse gave {} to the resident after breakfast."


@pytest.fixture
def care_home(store):
    resident = store.add_resident("Ngozi Okafor", "Room 4")
    store.add_term("Siobhan", "name", resident)  # her daughter
    store.add_term("Margaret O'Brien", "name")
    for term in MEDICATIONS:
        store.add_term(term, "medication")
    return store, resident


def _transcribe(path, options, pool) -> str:
    return TranscriptionJob(path, options, pool).run().text


@pytest.mark.parametrize("word", ["Donepezil", "Siobhan"])
def test_the_vocabulary_makes_the_model_spell_a_word_it_gets_wrong(
    care_home, tmp_path, shared_pool, word
):
    store, resident = care_home
    audio = espeak(SENTENCE.format(word), tmp_path / f"{word}.wav")
    plain = TranscribeOptions(model="tiny.en", device="cpu")
    without = _transcribe(audio, plain, shared_pool)
    primed = options_for(store, resident, plain)
    assert word in primed.vocabulary
    with_vocabulary = _transcribe(audio, primed, shared_pool)
    print(f"\n{word}: without {without!r}\n{' ' * len(word)}  with    {with_vocabulary!r}")
    assert word in with_vocabulary
    assert word_error_rate(SENTENCE.format(word), with_vocabulary) == 0


def test_the_vocabulary_does_not_put_its_words_into_speech_that_lacks_them(
    care_home, speech, shared_pool
):
    store, resident = care_home
    plain = TranscribeOptions(model="tiny.en", device="cpu")
    with_vocabulary = _transcribe(speech["en"], options_for(store, resident, plain), shared_pool)
    for term in terms_for(store, resident):
        assert term.split()[0].lower() not in with_vocabulary.lower()
    assert word_error_rate(ENGLISH_NOTE, with_vocabulary) <= 0.15
