"""Care Voice: offline speech-to-text for care notes."""

__version__ = "0.1.0"
