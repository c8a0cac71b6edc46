"""Archive transcription: many files to one output folder, resumable, on one process or Ray."""
