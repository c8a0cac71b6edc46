"""The Dictate place: recording from the microphone, live text, the result."""
