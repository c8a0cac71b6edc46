"""Tests for carevoice.audio."""
