"""Command line: `responder run | demo | replay | check-config | drafts | orders | report`."""

from responder.cli.app import app, main

__all__ = ["app", "main"]
