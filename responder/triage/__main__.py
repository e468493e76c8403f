"""`python -m responder.triage [--examples PATH] [--out PATH | --shipped]`: retrain the model."""

from responder.triage.training import main

main()
