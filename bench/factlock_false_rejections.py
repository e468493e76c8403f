"""How many good rewrites does the fact lock reject, and how many hostile ones does it let by?

Prints the false-rejection rate on good paraphrases (the older samples and paraphrases of the
real templates in en/ar/fa), each rejection with its reasons, the hostile set's rejection
count, and the slowest single check. Measured, printed, never asserted.

Run from the project root: .venv/bin/python -m bench.factlock_false_rejections
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from responder.drafting.factlock import check
from tests.unit.drafting.real_drafts import good_rewrites, hostile_rewrites
from tests.unit.drafting.samples import PARAPHRASES

Case = tuple[str, str, str, str, str]
"""(label, language, draft, rewrite, decision facts as text)"""


def cases() -> tuple[list[Case], list[Case]]:
    """The good cases (samples, then real templates) and the hostile ones."""
    good: list[Case] = [(f"sample #{i}", lang, d, g, "") for i, (lang, d, g) in enumerate(PARAPHRASES)]
    good += [(f"real #{i} {r.template}", r.lang, r.draft, r.text, r.facts)
             for i, r in enumerate(good_rewrites())]
    hostile = [(r.why, r.lang, r.draft, r.text, r.facts) for r in hostile_rewrites()]
    return good, hostile


def run(items: Iterable[Case]) -> tuple[list[tuple[str, tuple[str, ...]]], float]:
    """Each case's violations, and the slowest check in milliseconds."""
    found, worst = [], 0.0
    for label, lang, draft, rewrite, facts in items:
        start = time.perf_counter()
        found.append((f"{label} [{lang}]", check(draft, rewrite, language=lang, known_facts=facts)))
        worst = max(worst, (time.perf_counter() - start) * 1000)
    return found, worst


def main() -> None:
    """Report false rejections per language and overall, then the hostile set."""
    good, hostile = cases()
    results, worst_good = run(good)
    for label, problems in results:
        if problems:
            print(f"{label} rejected: {'; '.join(problems)}")
    for lang in ("en", "ar", "fa"):
        mine = [p for (label, p) in results if label.endswith(f"[{lang}]")]
        print(f"false rejections [{lang}]: {sum(1 for p in mine if p)}/{len(mine)}")
    rejected = sum(1 for _, p in results if p)
    print(f"false rejections: {rejected}/{len(results)} = {rejected / len(results):.1%}")
    caught, worst_bad = run(hostile)
    for label, problems in caught:
        if not problems:
            print(f"hostile let through: {label}")
    print(f"hostile rewrites rejected: {sum(1 for _, p in caught if p)}/{len(caught)}")
    print(f"slowest single check: {max(worst_good, worst_bad):.1f} ms")


if __name__ == "__main__":
    main()
