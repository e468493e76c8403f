"""`python -m responder`."""

from responder.cli.app import main

main()
