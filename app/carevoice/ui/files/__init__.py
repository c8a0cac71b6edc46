"""The Files place: recordings and videos in a lasting queue."""
