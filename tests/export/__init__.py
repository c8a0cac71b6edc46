"""Tests for carevoice.export."""
