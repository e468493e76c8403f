"""Template mistakes are reported with the file and line; the signoff never reads "The Our Shop team"."""

from __future__ import annotations

from pathlib import Path

import pytest

from responder.drafting.config import TemplatesConfig
from responder.drafting.templates import SUFFIX, TemplateDrafter
from responder.models import Action, Decision

BODY_ONLY = '{% extends "en/_base.txt.j2" %}\n{% block body %}\nYour order {{ order_id }} shipped.\n'


def owner(root: Path, purpose: str, source: str) -> TemplateDrafter:
    """A drafter with one owner override in `root`."""
    (root / "en").mkdir(parents=True, exist_ok=True)
    (root / "en" / f"{purpose}{SUFFIX}").write_text(source, encoding="utf-8")
    return TemplateDrafter(TemplatesConfig(override_dir=root), "Test Shop")


def test_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    """An unclosed `{% if %}` on line 2 is reported with the override's path and a line number."""
    problems = owner(tmp_path, "order_status", "Hi\n{% if carrier %}\nbroken\n").check_all()
    path = tmp_path / "en" / f"order_status{SUFFIX}"
    assert any(p.startswith(f"en/order_status: {path}: line ") and "endif" in p for p in problems), problems


def test_undefined_name_names_file_and_line(tmp_path: Path) -> None:
    """A variable the policy never provides is reported on the line that uses it."""
    drafter = owner(tmp_path, "wismo_shipped", BODY_ONLY + "{{ no_such_fact }}\n{% endblock %}\n")
    path = tmp_path / "en" / f"wismo_shipped{SUFFIX}"
    assert f"en/wismo_shipped: {path}: line 4: UndefinedError: 'no_such_fact' is undefined" \
        in drafter.check_all()


def test_text_after_endblock_is_reported_not_dropped(tmp_path: Path) -> None:
    """Text outside every block of a template that extends `_base` would never be sent: say where."""
    drafter = owner(tmp_path, "wismo_shipped", BODY_ONLY + "{% endblock %}\nPS: call us any time!\n")
    path = tmp_path / "en" / f"wismo_shipped{SUFFIX}"
    problems = drafter.check_all()
    assert any(p.startswith(f"{path}: line 5: text outside any {{% block %}} is never sent: "
                            "'PS: call us any time!'") for p in problems), problems


def test_shipped_templates_have_no_text_outside_blocks() -> None:
    """The shipped templates pass the same check."""
    assert TemplateDrafter(TemplatesConfig(), "Test Shop").stray_text() == []


@pytest.mark.parametrize(("name", "lang", "signoff"), [
    ("", "en", "The customer care team"), ("Blue Mug Co.", "en", "The Blue Mug Co. team"),
    ("", "ar", "فريق خدمة العملاء"), ("", "fa", "تیم پشتیبانی مشتریان"),
])
def test_signoff_uses_the_store_name_or_a_plain_team(name: str, lang: str, signoff: str) -> None:
    """No store name configured: a plain signoff, never a placeholder name."""
    decision = Decision(action=Action.SEND, template="order_status", facts={"order_id": "1", "status": "x"})
    text = TemplateDrafter(TemplatesConfig(), name).render("order_status", decision, lang).text
    assert text.rstrip().endswith(signoff)
