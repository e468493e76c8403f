"""The [triage] section of config.toml."""

from __future__ import annotations

from pydantic import Field

from responder.config_base import StrictModel

DEFAULT_ORDER_PATTERNS: tuple[str, ...] = (
    r"\b(\d{3}-\d{7}-\d{7})\b",
    r"\b((?:ORD|ORDER|SO)-\d{3,12})\b",
    r"#\s?(\d{3,10})\b",
    r"\border\s*(?:no\.?|nr\.?|number|num\.?|id)?\s*[:#]?\s*(\d{3,10})\b",
    r"(?:رقم\s*(?:ال)?طلب[يه]?|(?:ال)?طلب[يه]?\s*(?:رقم)?)\s*[:#]?\s*(\d{3,10})\b",
    r"(?:شماره\s*(?:ی|ٔ)?\s*سفارش[مش]?|سفارش[مش]?\s*(?:شماره|به\s*شماره)?)\s*[:#]?\s*(\d{3,10})\b",
)


class TriageConfig(StrictModel):
    """Settings of the triage stage: order-id patterns, owner examples, model and thresholds."""

    order_id_patterns: tuple[str, ...] = DEFAULT_ORDER_PATTERNS
    """Regexes (case-insensitive) with one capture group; tried in order on the customer's
    text after Arabic-Indic and Persian digits are turned into ASCII ones."""
    examples: str = ""
    """The owner's labelled examples: a CSV with columns text,intent or a folder of such
    CSVs (or of <intent>/*.txt files). Used by `responder triage train`."""
    model_path: str = ""
    """Where `responder triage train` writes the retrained model and where it is loaded
    from; empty: the model shipped with the package."""
    lexicon_dir: str = ""
    """A folder with <lang>.toml signal lexicons replacing the shipped ones (and, optionally,
    problems/<lang>.toml problem cues; without that subfolder the shipped cues apply);
    empty: shipped."""
    min_confidence: float = Field(default=0.40, ge=0.0, le=1.0)
    """Below this probability the intent is `other` (with that low confidence). The default
    was chosen on held-out training data (`python -m responder.triage.calibrate`)."""
    secondary_min: float = Field(default=0.20, ge=0.0, le=1.0)
    """A further intent with at least this probability is listed as secondary."""
    languages: tuple[str, ...] = ("en", "ar", "fa")
    """Languages the store answers in; the first is used when none can be told."""
    max_chars: int = Field(default=4000, ge=200)
    """Only this much of the customer's text is read (long mail rarely adds meaning)."""
