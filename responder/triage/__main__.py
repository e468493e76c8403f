"""`python -m responder.triage [--examples PATH] [--out PATH | --shipped]`: retrain the model."""

import sys

try:
    from responder.triage.training import main
except ModuleNotFoundError as exc:  # scikit-learn is the `train` extra: the daemon never loads it
    sys.exit(f"training needs {exc.name}: pip install 'responder[train]'")

main()
