"""The model catalog: bundled models, assembly of the split model, user folders, HF cache."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

import pytest

from carevoice.engine import models as catalog


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch) -> Path:
    """A Care Voice home with an empty cache, for tests of the assembly itself."""
    home = tmp_path / "home"
    monkeypatch.setenv("CAREVOICE_HOME", str(home))
    return home / "cache"


def _by_name(models):
    return {m.name: m for m in models}


def test_bundled_models_are_listed_with_their_languages():
    models = _by_name(catalog.list_models())
    assert models["tiny.en"].usable and models["tiny.en"].multilingual is False
    assert models["tiny.en"].languages == "English only"
    assert models["tiny.en"].size_bytes > 70_000_000
    assert models["base"].usable and models["base"].multilingual is True


def test_split_model_is_assembled_verified_and_reused(fresh_cache, monkeypatch):
    path = catalog.assemble_split_model()
    model_bin = path / "model.bin"
    assert model_bin.stat().st_size == catalog.BASE_MODEL.size_bytes
    assert catalog.sha256_of(model_bin) == catalog.BASE_MODEL.sha256
    assert not list(path.glob("*.part"))
    assert catalog.validate_model_dir(path) == ""

    # A second call trusts the verified marker and does not touch the parts again.
    monkeypatch.setattr(catalog, "package_dir", lambda name: pytest.fail("re-read the parts"))
    assert catalog.assemble_split_model() == path


def test_a_damaged_part_never_becomes_model_bin(fresh_cache, monkeypatch):
    wrong = replace(catalog.BASE_MODEL, sha256="0" * 64)
    with pytest.raises(catalog.ModelNotFoundError, match="damaged"):
        catalog.assemble_split_model(wrong)
    target = catalog.assembled_dir(wrong)
    assert not (target / "model.bin").exists()
    assert not list(target.glob("*.part"))


def test_an_interrupted_assembly_is_redone(fresh_cache):
    target = catalog.assembled_dir()
    target.mkdir(parents=True)
    (target / "model.bin.1234.part").write_bytes(b"half a model")
    # A model.bin that is not verified (as if a copy was cut short) is replaced too.
    (target / "model.bin").write_bytes(b"truncated")
    path = catalog.assemble_split_model()
    assert catalog.sha256_of(path / "model.bin") == catalog.BASE_MODEL.sha256


def _make_model_folder(folder: Path, source: Path) -> Path:
    folder.mkdir(parents=True)
    for name in ("config.json", "model.bin", "tokenizer.json", "vocabulary.txt"):
        os.symlink(source / name, folder / name)
    return folder


def test_user_folders_are_validated_and_broken_ones_listed_with_the_reason(tmp_path):
    good = _make_model_folder(tmp_path / "my-model", catalog.tiny_en_dir())
    info = catalog.add_user_model(good)
    assert info.usable and info.source == "user"
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "config.json").write_text("{not json")
    with pytest.raises(ValueError, match="missing model.bin"):
        catalog.add_user_model(broken)
    # A folder that broke after it was added is listed with why, not crashed on.
    (broken / "model.bin").write_bytes(b"x")
    (broken / "vocabulary.txt").write_text("a\n")
    settings = catalog._user_models_file()
    settings.write_text(json.dumps([str(good), str(broken), str(tmp_path / "gone")]))
    models = _by_name(catalog.list_models())
    assert models["my-model"].usable
    assert not models["broken"].usable and "config.json cannot be read" in models["broken"].problem
    assert not models["gone"].usable and "does not exist" in models["gone"].problem
    assert catalog.remove_user_model(good)
    assert "my-model" not in _by_name(catalog.list_models())


def test_models_in_the_hugging_face_cache_are_found(tmp_path, monkeypatch):
    hub = tmp_path / "hub"
    snapshot = hub / "models--Systran--faster-whisper-small" / "snapshots" / "abc123"
    _make_model_folder(snapshot, catalog.tiny_en_dir())
    monkeypatch.setenv("HF_HUB_CACHE", str(hub))
    models = _by_name(catalog.list_models())
    assert models["small"].source == "hf-cache" and models["small"].usable
    assert catalog.resolve_model("small").path == str(snapshot)


def test_asking_for_a_missing_model_names_the_ones_there_and_how_to_add_one():
    with pytest.raises(catalog.ModelNotFoundError) as caught:
        catalog.resolve_model("large-v3")
    message = str(caught.value)
    assert "large-v3" in message and "tiny.en" in message and "base" in message
    assert "care-voice models add" in message


def test_a_model_folder_given_by_path_is_checked(tmp_path):
    with pytest.raises(catalog.ModelNotFoundError, match="missing"):
        catalog.resolve_model(str(tmp_path))
    assert catalog.resolve_model(str(catalog.tiny_en_dir())).usable


def test_download_fails_within_seconds_when_offline(monkeypatch):
    import time

    from carevoice.engine.download import DownloadError, download_model

    started = time.monotonic()
    with pytest.raises(DownloadError, match="works offline"):
        download_model("small", timeout_s=3)
    assert time.monotonic() - started < 10
