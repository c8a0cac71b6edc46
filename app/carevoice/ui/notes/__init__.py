"""The Notes place: residents, their care notes, search, export and print."""
