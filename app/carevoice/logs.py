"""Logging to a rotating file in the user's log folder, and where that file is."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from carevoice import paths

LOG_NAME = "care-voice.log"


def log_file() -> Path:
    return paths.log_dir() / LOG_NAME


def setup_logging(level: int = logging.INFO) -> Path:
    """Send every module's log records to a rotating file (5 x 2 MB); idempotent."""
    target = log_file()
    root = logging.getLogger()
    for handler in root.handlers:
        if (
            isinstance(handler, logging.handlers.RotatingFileHandler)
            and Path(handler.baseFilename) == target
        ):
            return target
    handler = logging.handlers.RotatingFileHandler(
        target, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s")
    )
    root.addHandler(handler)
    root.setLevel(min(root.level or level, level))
    target.chmod(0o600)
    return target


def log_bad_input(logger: logging.Logger, what: str, exc: BaseException) -> None:
    """An ordinary failure, already said to the user in plain words (a file that is not
    audio, a model not installed): one line at WARNING, the traceback only at DEBUG, so
    the log is not a wall of tracebacks for a wrong file (`--log-level debug` shows it)."""
    logger.warning("%s: %s", what, str(exc).strip() or type(exc).__name__)
    logger.debug("%s: the traceback", what, exc_info=exc)
