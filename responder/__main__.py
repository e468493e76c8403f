"""`python -m responder`."""

from responder.cli import main

main()
