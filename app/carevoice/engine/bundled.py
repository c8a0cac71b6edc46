"""Models that ship already assembled inside a PyInstaller bundle, and where they are.

The bundle build joins the multilingual base model once, checks its sha256 against
`models.BASE_MODEL`, and puts it in the bundle's `models/whisper-base/`. The bundle's
runtime hook (packaging/hooks/rthook_carevoice.py) names that folder in
CAREVOICE_BUNDLED_MODELS, so the catalog finds the model without the user's cache and
without the two part packages, which the bundle does not carry.
"""

from __future__ import annotations

import os
from pathlib import Path

BUNDLED_MODELS_ENV = "CAREVOICE_BUNDLED_MODELS"
BUNDLE_MODELS_FOLDER = "models"  # inside the bundle, beside the Python modules


def model_folder_name(name: str) -> str:
    """The folder a prebuilt model lives in, named like the user-cache copy ("whisper-base")."""
    return f"whisper-{name}"


def prebuilt_model_dir(name: str) -> Path | None:
    """The prebuilt copy of model `name`, or None outside a bundle (or when it is missing)."""
    root = os.environ.get(BUNDLED_MODELS_ENV)
    if not root:
        return None
    folder = Path(root) / model_folder_name(name)
    return folder if (folder / "model.bin").is_file() else None
