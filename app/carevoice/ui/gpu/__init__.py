"""The GPU place: what the GPU does now, and why it is or is not used."""
