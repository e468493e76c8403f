"""`responder replay`: run the pipeline over saved mail with no side effects.

Reads .eml files, mbox files and Maildir folders; prints one JSON object per email. The
history is kept in memory for the run, so rate caps and conversations behave as they
would have, but nothing is stored, sent or marked.
"""

from __future__ import annotations

import mailbox
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from responder import pipeline
from responder.mail.guards import normalise_subject
from responder.models import Inbound, Outcome, RateStats, ThreadFacts
from responder.policy.memory import memory_after
from responder.sections import GuardsConfig

NOT_MAIL = frozenset({".md", ".csv", ".json", ".py", ".toml", ".html", ".pdf", ".png", ".jpg",
                      ".gif", ".zip", ".gz", ".yml", ".yaml"})
"""Files in a folder that are never mail (READMEs, order exports, expected-output files)."""


def iter_messages(paths: list[Path]) -> Iterator[tuple[str, bytes]]:
    """(label, raw bytes) for every message under the given files and folders."""
    for path in paths:
        if path.is_dir() and (path / "cur").is_dir():
            yield from _maildir(path)
        elif path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if child.suffix.lower() not in NOT_MAIL and not child.name.startswith("."):
                    yield from _file(child)
        elif path.is_file():
            yield from _file(path)


def _maildir(path: Path) -> Iterator[tuple[str, bytes]]:
    box = mailbox.Maildir(path, factory=None, create=False)
    for key in sorted(box.keys()):
        yield f"{path}/{key}", box.get_bytes(key)


def _file(path: Path) -> Iterator[tuple[str, bytes]]:
    with path.open("rb") as fh:
        head = fh.read(5)
    if head == b"From ":
        box = mailbox.mbox(path, factory=None, create=False)
        for key in box.keys():  # noqa: SIM118  (mailbox.mbox is not a dict)
            yield f"{path}#{key}", box.get_bytes(key)
        return
    yield str(path), path.read_bytes()


@dataclass
class MemoryHistory:
    """The History seam in memory, fed with each replayed outcome."""

    sender_mails: Counter[str] = field(default_factory=Counter)
    sender_subjects: Counter[tuple[str, str]] = field(default_factory=Counter)
    sender_replies: Counter[str] = field(default_factory=Counter)
    threads: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    thread_of: dict[str, str] = field(default_factory=dict)
    memory: dict[str, ThreadFacts] = field(default_factory=dict)
    """The reading each conversation carries (intent, problem, requests, order id)."""

    def rates(self, inbound: Inbound) -> RateStats:
        """Counts from earlier mail in this replay."""
        subject = normalise_subject(inbound.subject)
        return RateStats(
            sender_mails_3h=self.sender_mails[inbound.from_addr],
            sender_same_subject_3h=self.sender_subjects[(inbound.from_addr, subject)],
            sender_replies_24h=self.sender_replies[inbound.from_addr],
        )

    def thread(self, inbound: Inbound) -> ThreadFacts:
        """Templates already 'sent' in this conversation during the replay."""
        root = self._root(inbound)
        known = self.memory.get(root, ThreadFacts())
        return replace(known, earlier_templates=tuple(self.threads.get(root, ())))

    def _root(self, inbound: Inbound) -> str:
        for ref in (*inbound.references, inbound.in_reply_to or ""):
            if ref in self.thread_of:
                return self.thread_of[ref]
        return inbound.message_id or f"{inbound.from_addr}|{normalise_subject(inbound.subject)}"

    def remember(self, outcome: Outcome) -> None:
        """Count this email as if it had been processed."""
        inbound = outcome.inbound
        if inbound is None:
            return
        root = self._root(inbound)
        if inbound.message_id:
            self.thread_of[inbound.message_id] = root
        if outcome.triage is not None:
            self.memory[root] = memory_after(outcome)
        self.sender_mails[inbound.from_addr] += 1
        self.sender_subjects[(inbound.from_addr, normalise_subject(inbound.subject))] += 1
        if outcome.draft is not None and outcome.action.value == "send":
            self.sender_replies[inbound.from_addr] += 1
            self.threads[root].append(outcome.draft.template)


def replay_one(raw: bytes, stages: pipeline.Stages, me: pipeline.Identity, caps: GuardsConfig,
               *, now: datetime, max_bytes: int) -> Outcome:
    """The outcome the daemon would reach for this email."""
    return pipeline.handle(raw, stages, me, caps, now=now, max_bytes=max_bytes)


def thread_record(memory: ThreadFacts | None) -> dict[str, object] | None:
    """The conversation's earlier reading this email was read with; None when it had none."""
    if memory is None or not memory.remembers:
        return None
    return {
        "intent": memory.earlier_intent.value if memory.earlier_intent else None,
        "problem": memory.earlier_problem.value,
        "requests": [r.value for r in memory.earlier_requests],
        "order_id": memory.earlier_order_id or None,
    }


def to_record(label: str, outcome: Outcome) -> dict[str, object]:
    """The JSON fields `replay` prints (names are stable: later tools read them)."""
    i, t, d, v = outcome.inbound, outcome.triage, outcome.decision, outcome.verdict
    return {
        "file": label,
        "message_id": i.message_id if i else None,
        "from": i.from_addr if i else None,
        "subject": i.subject if i else None,
        "language": t.language if t else None,
        "intent": t.intent.value if t else None,
        "secondary": [s.value for s in t.secondary] if t else [],
        "confidence": round(t.confidence, 3) if t else None,
        "order_ids": list(t.order_ids) if t else [],
        "signals": [{"name": s.name, "words": list(s.words), "level": s.level}
                    for s in t.signals] if t else [],
        "problem": t.problem.value if t else None,
        "requests": [r.value for r in t.requests] if t else [],
        "personalization": ({"ordered": t.ordered_text, "received": t.received_text}
                            if t and (t.ordered_text or t.received_text) else None),
        "thread": thread_record(outcome.memory),
        "automated": (f"{v.rule}: {v.reason}" if v and not v.allow else None),
        "action": outcome.action.value,
        "resolution": d.resolution if d else None,
        "template": outcome.draft.template if outcome.draft else (d.template if d else None),
        "reply": outcome.draft.text if outcome.draft else None,
        "holding_reply": outcome.holding.text if outcome.holding else None,
        "reasons": list(outcome.reasons),
        "error": outcome.error,
    }
