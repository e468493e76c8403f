"""Optional LLM reading of every email, against a real OpenAI-compatible HTTP server on loopback."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest

from responder.drafting.config import LLMConfig
from responder.drafting.llm_reading import LLMReader, build_reader
from responder.models import Action, Inbound, Intent, Problem, Request, Triage
from responder.policy import PolicyConfig, decide
from tests.integration.fake_openai import FakeOpenAI, Reply
from tests.unit.policy.factory import delivered, email

pytestmark = pytest.mark.integration
BODY = "I got the parcel but it's not what I ordered, order 2024-77. Please send the right one"


class Offline:
    """An offline triager that always answers the same reading."""

    def classify(self, inbound: Inbound) -> Triage:
        """The fixed offline answer."""
        return Triage(intent=Intent.OTHER, confidence=0.4, order_ids=())


@pytest.fixture
def reader() -> Iterator[tuple[FakeOpenAI, Callable[[], LLMReader]]]:
    """A fake server and LLM readers pointed at it."""
    server, made = FakeOpenAI().start(), []

    def build() -> LLMReader:
        cfg = LLMConfig(enabled=True, base_url=server.base_url, reading=True)
        made.append(LLMReader(Offline(), cfg, "k", wait=False))
        return made[-1]

    yield server, build
    for r in made:
        r.chat.close()
    server.stop()


def mail() -> Inbound:
    """The customer email the model reads."""
    return Inbound(message_id="<r1@cust.example>", from_addr="sam@cust.example", new_text=BODY, text=BODY)


def answer(**kw: object) -> Reply:
    """A model answer: a valid reading with `kw` replaced."""
    data = {"problem": "wrong_item_or_personalization", "requests": ["reship"],
            "signals": ["public_complaint"], "order_ids": ["2024-77"], "language": "en"} | kw
    return Reply(json.dumps(data))


Reader = tuple[FakeOpenAI, Callable[[], LLMReader]]


def test_the_model_reads_every_email_within_bounds(reader: Reader) -> None:
    """Problem, requests, careful signals and order ids written in the mail are taken; the
    schema sent lists only known labels; the intent stays the offline one."""
    server, build = reader
    server.script(answer(order_ids=["2024-77", "9999"]))
    got = build().classify(mail())
    assert got.problem is Problem.WRONG_ITEM_OR_PERSONALIZATION
    assert (got.requests, got.reader) == ((Request.RESHIP,), "llm")
    assert got.order_ids == ("2024-77",)  # 9999 is not in the text: dropped
    assert got.has("public_complaint") and got.intent is Intent.OTHER
    schema = server.requests[0]["response_format"]["json_schema"]["schema"]
    assert "vip" not in schema["properties"]["signals"]["items"]["enum"]


@pytest.mark.parametrize("reply", [
    answer(problem="refund_everything"), answer(requests=["free_money"]), answer(signals=["vip"]),
    answer(language="de"), Reply("it is a wrong item"), Reply(status=500), Reply(malformed=True),
])  # fmt: skip
def test_unknown_labels_and_failures_keep_the_offline_reading(
        reader: Reader, reply: Reply) -> None:
    """Any unknown label, prose or a failing endpoint: the offline reading stands untouched."""
    server, build = reader
    server.script(reply, reply)
    assert build().classify(mail()) == Offline().classify(mail())


def test_the_model_never_decides_a_concession() -> None:
    """A reship the model's reading leads to is parked for a person, even if auto-send allows it."""
    data = email(Intent.DELIVERED_NOT_RECEIVED, delivered("20"))
    cfg = PolicyConfig(auto_send=(Intent.DELIVERED_NOT_RECEIVED,))
    assert decide(data, cfg).action is Action.SEND
    by_model = replace(data, triage=replace(data.triage, reader="llm"))
    got = decide(by_model, cfg)
    assert got.action is Action.PARK and got.resolution == "reship"
    assert any("language model read this email" in r for r in got.reasons)


def test_reading_is_off_by_default() -> None:
    """Without `reading = true` the triager is returned as it was: fully offline."""
    offline = Offline()
    assert build_reader(offline, LLMConfig(enabled=True), lambda n: "k") is offline
    assert build_reader(offline, LLMConfig(reading=True), lambda n: "k") is offline
