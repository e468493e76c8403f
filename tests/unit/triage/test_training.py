"""Training data handling: email dressing, asides and the calibration split."""

from __future__ import annotations

import re

from responder.models import Intent
from responder.triage.calibrate import held_out
from responder.triage.training import wrap_some


def test_asides_keep_the_label_and_skip_other() -> None:
    """An aside is appended only to non-`other` examples, and the label stays the same."""
    examples = [
        ("Where is my order?", Intent.WHERE_IS_MY_ORDER.value),
        ("Do you ship to Peru?", "other"),
    ] * 60
    out = wrap_some(examples)
    asides = [(t, i) for t, i in out if t.startswith(("Where is my order? ", "Do you ship to Peru? "))]
    assert asides
    assert all(i == Intent.WHERE_IS_MY_ORDER.value for _, i in asides)


def test_asides_match_the_script() -> None:
    """Arabic-script examples get an Arabic-script aside, never an English one."""
    request = "أين طلبي؟ لم يصل بعد"
    out = wrap_some([(request, "where_is_my_order")] * 80)
    added = [t.removeprefix(request) for t, _ in out if t.startswith(request + " ")]
    assert added
    assert not any(re.search("[A-Za-z]", a) for a in added)


def test_wrapping_is_deterministic() -> None:
    """The same examples give the same training rows on every run."""
    examples = [(f"request {n}", "cancel_order") for n in range(50)]
    assert wrap_some(examples) == wrap_some(examples)


def test_held_out_split_is_stable() -> None:
    """The held-out fifth depends on the text only, so adding rows never moves old ones."""
    texts = [f"example number {n}" for n in range(500)]
    share = sum(map(held_out, texts)) / len(texts)
    assert 0.1 < share < 0.3
    assert [held_out(t) for t in texts] == [held_out(t) for t in texts]
