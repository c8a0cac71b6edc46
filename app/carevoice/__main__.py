"""Lets `python -m carevoice` behave exactly like the `care-voice` command."""

from carevoice.cli.main import main

raise SystemExit(main())
