"""How many good rewrites does the fact lock reject? Prints the share and each rejection.

Run from the project root: .venv/bin/python -m bench.factlock_false_rejections
"""

from __future__ import annotations

from responder.drafting.factlock import check
from tests.unit.llm.samples import PARAPHRASES


def main() -> None:
    """Check every good paraphrase against its draft and report the rejected share."""
    rejected = 0
    for i, (lang, draft, good) in enumerate(PARAPHRASES):
        found = check(draft, good, language=lang)
        if found:
            rejected += 1
            print(f"#{i} [{lang}] rejected: {'; '.join(found)}")
    share = rejected / len(PARAPHRASES)
    print(f"false rejections: {rejected}/{len(PARAPHRASES)} = {share:.0%}")


if __name__ == "__main__":
    main()
