"""Sandboxed Jinja2 drafting: the decision's template in the customer's language.

Templates are owner-authored files (docs/reliability.md R40-R42): customer words only ever arrive
as context values, never as template source. The sandbox is defence in depth for the day
the template folder is compromised; any template error becomes `TemplateFailed` so the
email is parked instead of answered with half a reply.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from jinja2 import (
    FileSystemLoader,
    StrictUndefined,
    Template,
    TemplateError,
    TemplateSyntaxError,
    nodes,
    select_autoescape,
)
from jinja2.sandbox import ImmutableSandboxedEnvironment

from responder.drafting.config import TemplatesConfig
from responder.errors import TemplateFailed
from responder.models import Action, Decision, Draft, Inbound, PolicyInput

SHIPPED_DIR = Path(__file__).resolve().parents[2] / "templates"
SUFFIX = ".txt.j2"
RTL = frozenset({"ar", "fa", "he", "ur"})
NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
LANGUAGE = re.compile(r"^[a-z]{2,3}$")
# Python exceptions a template can still trigger inside the sandbox (e.g. `{{ 1 / 0 }}`).
RENDER_ERRORS = (TemplateError, ArithmeticError, LookupError, TypeError, ValueError, RecursionError)

SAMPLE_FACTS: Mapping[str, object] = MappingProxyType(
    {
        "order_id": "1001",
        "items": ("1 x Sample mug", "2 x Sample card"),
        "carrier": "UPS",
        "tracking_number": "1Z999AA10123456784",
        "tracking_url": "https://www.ups.com/track?tracknum=1Z999AA10123456784",
        "shipped_date": "2024-05-02",
        "delivered_date": "2024-05-06",
        "expected_date": "2024-05-07",
        "ship_by_date": "2024-05-03",
        "shipping_address": "1 Sample Street, Springfield",
        "status": "cancelled",
        "refund_days": 5,
        "refund_amount": "19.00 USD",
        "cancel_fee": "5.00 USD",
        "first_name": "Sam",
        "reply_within_hours": 24,
        "unshipped_order_id": "1003",
    }
)
"""Every fact the policy may hand a template: `check_all()` renders each template with it."""


class TemplateDrafter:
    """The Drafter seam over the sandboxed template folders."""

    def __init__(self, cfg: TemplatesConfig, store_name: str, default_language: str = "en") -> None:
        """Load templates from the owner's folder first, then the shipped one."""
        self.cfg = cfg
        self.store_name = store_name
        self.default_language = default_language
        self.dirs = [d for d in (cfg.override_dir, cfg.dir or SHIPPED_DIR) if d is not None]
        self.env = ImmutableSandboxedEnvironment(
            loader=FileSystemLoader([str(d) for d in self.dirs]),
            undefined=StrictUndefined,
            autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=True),
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,  # what check_all() validated is what renders, until SIGHUP
        )

    def draft(self, decision: Decision, data: PolicyInput, inbound: Inbound) -> Draft:
        """The reply the decision asks for; raises TemplateFailed when it cannot render."""
        return self.render(decision.template, decision, data.triage.language)

    def holding(self, data: PolicyInput, inbound: Inbound, decision: Decision) -> Draft:
        """The short acknowledgement sent while a person decides."""
        specific = f"holding_{decision.template}"
        purpose = specific if self.find(specific, data.triage.language) else "holding"
        return self.render(purpose, decision, data.triage.language)

    def check_all(self) -> list[str]:
        """Render every template of every language with sample facts; one line per failure."""
        errors = self.stray_text()
        for lang, purpose in self.inventory():
            sample = Decision(action=Action.PARK, template=purpose, facts=SAMPLE_FACTS)
            for tags in ((), ("public_complaint",)):
                try:
                    self.render(purpose, sample_with(sample, tags), lang, fallback=False)
                except TemplateFailed as exc:
                    errors.append(f"{lang}/{purpose}: {exc}")
                    break
        return errors

    def stray_text(self) -> list[str]:
        """Text outside every {% block %} of a template that extends another is never sent: say where."""
        out = []
        for name in self.env.list_templates(filter_func=lambda n: n.endswith(SUFFIX)):
            try:
                source, filename, _ = self.env.loader.get_source(self.env, name)  # type: ignore[union-attr]
                tree = self.env.parse(source, name, filename)
            except TemplateError:
                continue  # a syntax error is reported, with its line, when it is rendered
            if not any(isinstance(node, nodes.Extends) for node in tree.body):
                continue
            out += [f"{filename}: line {data.lineno}: text outside any {{% block %}} is never sent: "
                    f"{data.data.strip()[:40]!r} (move it into a block, e.g. {{% block body %}})"
                    for output in tree.body if isinstance(output, nodes.Output)
                    for data in output.nodes if isinstance(data, nodes.TemplateData) and data.data.strip()]
        return out

    def inventory(self) -> list[tuple[str, str]]:
        """(language, purpose) of every template file, the owner's and the shipped ones."""
        found = set()
        for name in self.env.list_templates(filter_func=lambda n: n.endswith(SUFFIX)):
            lang, _, file = name.partition("/")
            if "/" not in file and not file.startswith("_"):
                found.add((lang, file.removesuffix(SUFFIX)))
        return sorted(found)

    def render(self, purpose: str, decision: Decision, language: str, fallback: bool = True) -> Draft:
        """Render `purpose` in `language` (else the default, else English) as text and HTML."""
        lang, template = self.load(purpose, language, fallback)
        text = tidy(self.generate(template, context(decision, self.store_name, lang)))
        return Draft(text=text, html=to_html(text, lang), language=lang, template=purpose)

    def load(self, purpose: str, language: str, fallback: bool) -> tuple[str, Template]:
        """The template file to use and its language."""
        if not NAME.match(purpose):
            raise TemplateFailed(f"template name {purpose!r} is not a plain name")
        wanted = [language, self.default_language, "en"] if fallback else [language]
        for lang in wanted:
            if self.find(purpose, lang):
                try:
                    return lang, self.env.get_template(f"{lang}/{purpose}{SUFFIX}")
                except TemplateSyntaxError as exc:
                    where = f"{exc.filename or exc.name}: line {exc.lineno}"
                    raise TemplateFailed(f"{where}: {exc.message}") from exc
                except TemplateError as exc:
                    raise TemplateFailed(f"{lang}/{purpose}{SUFFIX}: {exc}") from exc
        raise TemplateFailed(f"no template {purpose!r} for {language!r} or English")

    def find(self, purpose: str, language: str) -> bool:
        """True when some template folder has this purpose in this language."""
        if not LANGUAGE.match(language) or not NAME.match(purpose):
            return False
        return any((d / language / f"{purpose}{SUFFIX}").is_file() for d in self.dirs)

    def generate(self, template: Template, ctx: Mapping[str, object]) -> str:
        """Render chunk by chunk, stopping as soon as the size cap is passed."""
        parts: list[str] = []
        size = 0
        try:
            for chunk in template.generate(ctx):
                size += len(chunk)
                if size > self.cfg.max_chars:
                    raise TemplateFailed(f"{template.name}: longer than {self.cfg.max_chars} chars")
                parts.append(chunk)
        except RENDER_ERRORS as exc:
            where = template_line(exc) or template.filename or template.name
            raise TemplateFailed(f"{where}: {type(exc).__name__}: {exc}") from exc
        return "".join(parts)


def template_line(exc: BaseException) -> str:
    """`file: line N` of the innermost template frame Jinja put in the traceback, if any."""
    found, tb = "", exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(SUFFIX):
            found = f"{filename}: line {tb.tb_lineno}"
        tb = tb.tb_next
    return found


def sample_with(decision: Decision, tags: tuple[str, ...]) -> Decision:
    """The sample decision with these tags, to render the optional paragraphs too."""
    return Decision(action=decision.action, template=decision.template, facts=decision.facts, tags=tags)


def context(decision: Decision, store_name: str, language: str) -> dict[str, object]:
    """What a template may use: the decision's facts and a few plain values, nothing else."""
    ctx: dict[str, object] = {key: clean(value) for key, value in decision.facts.items()}
    ctx.update(
        first_name=clean(decision.facts.get("first_name", "")),
        store_name=clean(store_name),
        language=language,
        public_complaint="public_complaint" in decision.tags,
        accounting=decision.approver_group == "accounting",
    )
    return ctx


def clean(value: object) -> object:
    """Strings lose control characters (R41); sequences are cleaned item by item."""
    if isinstance(value, str):
        return "".join(c for c in value if c in "\n\t" or unicodedata.category(c) != "Cc")
    if isinstance(value, tuple | list):
        return tuple(clean(v) for v in value)
    return value


def tidy(text: str) -> str:
    """Trailing spaces and runs of blank lines left by optional paragraphs go."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"


def to_html(text: str, language: str) -> str:
    """The plain text as escaped HTML paragraphs in the language's writing direction."""
    direction = "rtl" if language in RTL else "ltr"
    paras = (html.escape(p).replace("\n", "<br>\n") for p in text.strip().split("\n\n"))
    body = "\n".join(f"<p>{p}</p>" for p in paras)
    return f'<div dir="{direction}" lang="{language}">\n{body}\n</div>\n'
