"""Triage: what an email is about, how sure we are, and what the customer mentioned.

Works offline: a linear model on character n-grams (shipped as data, not code), editable
lexicons for signals, and regex extraction of order ids, tracking numbers, money and dates.
Training (`responder.triage.training`, scikit-learn) is imported only to train: the daemon
never loads it.
"""

from __future__ import annotations

from responder.triage.config import TriageConfig
from responder.triage.extract import (
    extract_amounts,
    extract_dates,
    extract_order_ids,
    extract_tracking,
)
from responder.triage.intents import OfflineTriager
from responder.triage.language import detect_language, newest_language
from responder.triage.signals import find_signals, load_lexicon

__all__ = [
    "OfflineTriager",
    "TriageConfig",
    "detect_language",
    "extract_amounts",
    "extract_dates",
    "extract_order_ids",
    "extract_tracking",
    "find_signals",
    "load_lexicon",
    "newest_language",
]
