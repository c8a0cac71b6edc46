"""The transcript view: a file's timed segments to read, correct, search and hear."""
