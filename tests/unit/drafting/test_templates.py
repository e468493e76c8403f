"""The sandboxed drafter: injection, escaping, direction, fallbacks and owner overrides (T74-T78)."""

from __future__ import annotations

from pathlib import Path

import pytest

from responder.drafting.config import TemplatesConfig
from responder.drafting.templates import SHIPPED_DIR, SUFFIX, TemplateDrafter
from responder.errors import TemplateFailed
from responder.models import Action, Decision, Intent
from tests.unit.policy.factory import email, inbound

LANGUAGES = ("en", "ar", "fa")
FACTS = {"order_id": "1042", "carrier": "UPS", "tracking_url": "https://t.example/1"}


def drafter(override: Path | None = None, **kw: object) -> TemplateDrafter:
    """A drafter over the shipped templates, with an optional owner folder."""
    return TemplateDrafter(TemplatesConfig(override_dir=override, **kw), "Our Shop")  # type: ignore[arg-type]


def decision(template: str = "wismo_shipped", **facts: object) -> Decision:
    """A sendable decision with the given facts on top of FACTS."""
    return Decision(action=Action.SEND, template=template, facts=FACTS | facts)


def render(d: Decision, lang: str = "en", owner: Path | None = None) -> tuple[str, str]:
    """Text and HTML of the draft for this decision."""
    out = drafter(owner).draft(d, email(Intent.OTHER, language=lang), inbound())
    return out.text, out.html


def owner_template(root: Path, purpose: str, source: str, lang: str = "en") -> Path:
    """Write an owner override file and return the owner folder."""
    (root / lang).mkdir(parents=True, exist_ok=True)
    (root / lang / f"{purpose}{SUFFIX}").write_text(source, encoding="utf-8")
    return root


def test_every_template_renders_in_every_language() -> None:
    """check_all() renders every shipped template with sample facts without an error."""
    assert drafter().check_all() == []


def test_every_purpose_exists_in_arabic_and_persian() -> None:
    """No purpose silently falls back to English in the shipped languages."""
    purposes = {p.name for p in (SHIPPED_DIR / "en").glob(f"*{SUFFIX}")}
    assert len(purposes) > 25
    for lang in ("ar", "fa"):
        assert {p.name for p in (SHIPPED_DIR / lang).glob(f"*{SUFFIX}")} == purposes


@pytest.mark.parametrize("lang", LANGUAGES)
def test_t74_customer_name_with_jinja_is_literal(lang: str) -> None:
    """T74: a customer name `{{ 7*7 }}` is printed as written, not evaluated."""
    text, html = render(decision(first_name="{{ 7*7 }}"), lang)
    assert "{{ 7*7 }}" in text and "49" not in text and "{{ 7*7 }}" in html


@pytest.mark.parametrize("lang", LANGUAGES)
def test_t75_customer_loop_is_literal_and_cheap(lang: str) -> None:
    """T75: a loop in customer text stays text and costs nothing."""
    loop = "{% for i in range(10**9) %}x{% endfor %}"
    text, _ = render(decision(first_name=loop), lang)
    assert loop in text and "xxxx" not in text  # printed as written: the loop never ran


def test_t76_compromised_template_raises_template_failed(tmp_path: Path) -> None:
    """T76: an owner template reaching for Python internals fails loudly, nothing renders."""
    owner = owner_template(tmp_path, "wismo_shipped", "{{ ''.__class__.__mro__ }}")
    with pytest.raises(TemplateFailed, match="wismo_shipped"):
        render(decision(), owner=owner)
    assert any("en/wismo_shipped" in e for e in drafter(owner).check_all())


def test_t76_format_string_escape_is_blocked(tmp_path: Path) -> None:
    """The str.format escape route of older Jinja releases is refused by the sandbox."""
    owner = owner_template(tmp_path, "other_clarify", "{{ '{0.__class__}'.format(order_id) }}")
    with pytest.raises(TemplateFailed):
        render(decision("other_clarify"), owner=owner)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_t77_html_part_escapes_text_part_does_not(lang: str) -> None:
    """T77: `<script>` in a name is escaped in HTML and shown as written in the text part."""
    text, html = render(decision(first_name="<script>alert(1)</script>"), lang)
    assert "<script>alert(1)</script>" in text and "&lt;" not in text
    assert "&lt;script&gt;" in html and "<script>" not in html


def test_t78_missing_variable_raises_template_failed() -> None:
    """T78: a template needing a fact the decision lacks fails instead of leaving a blank."""
    d = Decision(action=Action.SEND, template="wismo_shipped", facts={"carrier": "UPS"})
    with pytest.raises(TemplateFailed, match="order_id"):
        render(d)


def test_python_error_in_template_raises_template_failed(tmp_path: Path) -> None:
    """A template that divides by zero is a TemplateFailed, not a crash."""
    owner = owner_template(tmp_path, "other_clarify", "{{ 1 / 0 }}")
    with pytest.raises(TemplateFailed, match="ZeroDivisionError"):
        render(decision("other_clarify"), owner=owner)


def test_syntax_error_in_owner_template_is_reported(tmp_path: Path) -> None:
    """A broken owner template fails the draft and shows up in check_all()."""
    owner = owner_template(tmp_path, "other_clarify", "{% if %}", lang="fa")
    with pytest.raises(TemplateFailed):
        render(decision("other_clarify"), "fa", owner)
    assert any(e.startswith("fa/other_clarify") for e in drafter(owner).check_all())


def test_render_size_is_capped(tmp_path: Path) -> None:
    """A template producing a huge reply is stopped at max_chars."""
    owner = owner_template(tmp_path, "other_clarify", "{% for i in range(99999) %}xxxxx{% endfor %}")
    with pytest.raises(TemplateFailed, match="longer than"):
        drafter(owner, max_chars=5000).draft(decision("other_clarify"), email(Intent.OTHER), inbound())


def test_owner_override_wins(tmp_path: Path) -> None:
    """An owner file replaces the shipped one for that language only."""
    owner = owner_template(tmp_path, "other_clarify", "OWNER {{ store_name }}", lang="ar")
    assert render(decision("other_clarify"), "ar", owner)[0] == "OWNER Our Shop\n"
    assert "OWNER" not in render(decision("other_clarify"), "fa", owner)[0]


def test_templates_dir_can_be_replaced(tmp_path: Path) -> None:
    """TemplatesConfig.dir points the drafter at another shipped folder."""
    owner_template(tmp_path, "other_clarify", "ONLY {{ language }}")
    out = drafter(dir=tmp_path).draft(decision("other_clarify"), email(Intent.OTHER), inbound())
    assert out.text == "ONLY en\n"


@pytest.mark.parametrize("lang", ["de", "../../etc", "EN", ""])
def test_unknown_language_falls_back_to_english(lang: str) -> None:
    """A language without templates (or a hostile code) is answered in English."""
    out = drafter().draft(decision(), email(Intent.OTHER, language=lang), inbound())
    assert out.language == "en" and out.text.startswith("Hello")


def test_default_language_comes_before_english(tmp_path: Path) -> None:
    """The store's default language is the first fallback."""
    d = TemplateDrafter(TemplatesConfig(), "Shop", default_language="fa")
    out = d.draft(decision(), email(Intent.OTHER, language="de"), inbound())
    assert out.language == "fa" and 'dir="rtl"' in out.html


@pytest.mark.parametrize(("lang", "direction"), [("en", "ltr"), ("ar", "rtl"), ("fa", "rtl")])
def test_html_direction_follows_language(lang: str, direction: str) -> None:
    """Arabic and Persian replies are right-to-left, English left-to-right."""
    _, html = render(decision(), lang)
    assert html.startswith(f'<div dir="{direction}" lang="{lang}">')


def test_unknown_template_purpose_fails() -> None:
    """A decision naming a template that does not exist (or a path) cannot render."""
    for purpose in ("no_such_reply", "../en/holding"):
        with pytest.raises(TemplateFailed):
            render(decision(purpose))


def test_control_characters_are_stripped_from_values() -> None:
    """Values lose control characters (R41) but keep their letters."""
    text, _ = render(decision(first_name="An\x1bn\x00a"))
    assert "Anna" in text and "\x1b" not in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_holding_promises_hours_and_names_accounting(lang: str) -> None:
    """The holding reply states the promised hours; payment problems mention accounting."""
    d = Decision(
        action=Action.PARK, template="payment_issue", facts={"order_id": "1042",
        "reply_within_hours": 12}, approver_group="accounting",
    )  # fmt: skip
    data = email(Intent.PAYMENT_ISSUE, language=lang)
    owner_text = drafter().holding(data, inbound(), d).text
    plain = drafter().holding(data, inbound(), Decision(**{**d.__dict__, "approver_group": "owner"}))
    assert "12" in owner_text and owner_text != plain.text


def test_holding_for_cancellation_asks_why() -> None:
    """A cancellation waiting for approval asks why first (a question can save the order)."""
    d = Decision(action=Action.PARK, template="cancel_not_shipped",
                 facts={"order_id": "1042", "reply_within_hours": 24})  # fmt: skip
    out = drafter().holding(email(Intent.CANCEL_ORDER), inbound(), d)
    assert out.template == "holding_cancel_not_shipped" and "change your mind" in out.text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_public_complaint_adds_apology_paragraph(lang: str) -> None:
    """A public complaint opens the reply with an apology and an offer to settle it privately."""
    plain, _ = render(decision(), lang)
    d = Decision(action=Action.PARK, template="wismo_shipped", facts=FACTS,
                 tags=("public_complaint",))  # fmt: skip
    complained, _ = render(d, lang)
    assert len(complained) > len(plain) + 40 and complained.count("\n\n") > plain.count("\n\n")
