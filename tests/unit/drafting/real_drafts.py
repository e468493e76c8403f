"""Drafts rendered from the shipped templates (templates/<lang>/), and rewrites of them.

The rewrites live as data beside this file: good_rewrites.toml (what a model should be
allowed to send) and hostile_rewrites.toml (what the fact lock must refuse). A hostile
rewrite is a good one with one hostile change, so the change is the only thing to catch.
Shared by tests/unit/drafting/test_factlock_hostile.py and bench/factlock_false_rejections.py.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from responder.drafting.config import TemplatesConfig
from responder.drafting.templates import TemplateDrafter
from responder.models import Action, Decision

HERE = Path(__file__).parent
STORE = "Candle Corner"
NAMES = {"en": "Sam", "ar": "أحمد", "fa": "مریم"}
FACTS: dict[str, dict[str, object]] = {
    "wismo_shipped": {"order_id": "#1042", "carrier": "DHL", "shipped_date": "2026-11-20",
                      "tracking_url": "https://www.dhl.com/track?id=JD014600006281",
                      "expected_date": "2026-11-27"},
    "dnr_reship": {"order_id": "#1002", "delivered_date": "2026-11-18",
                   "shipping_address": "45 Oak Street, Springfield, IL 62704, USA"},
    "cancel_not_shipped": {"order_id": "#1003", "refund_days": 5},
    "lost_trace": {"order_id": "#1077", "carrier": "UPS",
                   "tracking_url": "https://www.ups.com/track?tracknum=1Z999AA10123456784"},
    "address_update": {"order_id": "#1088"},
    "wismo_not_shipped": {"order_id": "#1090", "ship_by_date": "2026-11-30"},
}


@dataclass(frozen=True)
class Rewrite:
    """One model answer to a rendered template draft."""

    lang: str
    template: str
    text: str
    why: str = ""

    @property
    def draft(self) -> str:
        """The template draft this rewrite answers."""
        return render(self.template, self.lang)

    @property
    def facts(self) -> str:
        """The decision's facts as text (what the polisher also allows)."""
        return facts_text(self.template, self.lang)


def decision(template: str, lang: str) -> Decision:
    """The decision whose facts the template renders."""
    return Decision(action=Action.SEND, template=template,
                    facts={"first_name": NAMES[lang], **FACTS[template]})


@cache
def render(template: str, lang: str) -> str:
    """The shipped template's text for the fixed facts."""
    drafter = TemplateDrafter(TemplatesConfig(), STORE)
    return drafter.render(template, decision(template, lang), lang).text


def facts_text(template: str, lang: str) -> str:
    """The decision's fact values, one a line."""
    return "\n".join(str(v) for v in decision(template, lang).facts.values())


@cache
def good_rewrites() -> tuple[Rewrite, ...]:
    """Realistic paraphrases of the real templates, in en/ar/fa."""
    data = tomllib.loads((HERE / "good_rewrites.toml").read_text(encoding="utf-8"))
    return tuple(Rewrite(r["lang"], r["template"], r["text"].strip()) for r in data["rewrite"])


@cache
def hostile_rewrites() -> tuple[Rewrite, ...]:
    """Good rewrites with one hostile change each (text inserted before the sign-off, or replaced)."""
    data = tomllib.loads((HERE / "hostile_rewrites.toml").read_text(encoding="utf-8"))
    goods = good_rewrites()
    found = []
    for r in data["rewrite"]:
        base = goods[r["base"]]
        text = base.text
        for old, new in r.get("replace", []):
            assert old in text, (r["why"], old)  # a broken data file must say which entry
            text = text.replace(old, new)
        if "insert" in r:
            body, _, signoff = text.rpartition("\n\n")
            text = f"{body} {r['insert']}\n\n{signoff}"
        found.append(Rewrite(base.lang, base.template, text, r["why"]))
    return tuple(found)
