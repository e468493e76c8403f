"""A real OpenAI-compatible HTTP server on loopback that answers from a script.

Speaks `POST /v1/chat/completions` only. Each request takes the next scripted `Reply`
(content, HTTP status, delay, or a malformed body) and every request body is recorded so
tests can assert exactly what the model was sent.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from dataclasses import dataclass, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Reply:
    """One scripted answer."""

    content: str = ""
    status: int = 200
    delay: float = 0.0
    malformed: bool = False
    tokens_in: int = 120
    tokens_out: int = 80
    insert: str = ""
    """When set, answer with the draft from the request plus this sentence before the sign-off
    (a model that copies the draft and slips one thing in)."""


def completion(reply: Reply) -> dict[str, Any]:
    """A chat.completion body in the shape the OpenAI API returns."""
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": "fake-model",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": reply.content},
                "finish_reason": "stop",
            }
        ],
        "usage": {
            "prompt_tokens": reply.tokens_in,
            "completion_tokens": reply.tokens_out,
            "total_tokens": reply.tokens_in + reply.tokens_out,
        },
    }


class FakeOpenAI:
    """The server: `script()` queues replies; `requests` and `headers` record every call."""

    def __init__(self) -> None:
        self.replies: deque[Reply] = deque()
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        # A short poll interval keeps shutdown, and so each test's teardown, fast.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def base_url(self) -> str:
        """The URL to give the OpenAI client."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def start(self) -> FakeOpenAI:
        """Serve in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def script(self, *replies: Reply) -> None:
        """Queue replies, answered in order; an empty queue answers 500."""
        with self._lock:
            self.replies.extend(replies)

    def next_reply(self, body: dict[str, Any], headers: dict[str, str]) -> Reply:
        """Record a request and take its scripted reply."""
        with self._lock:
            self.requests.append(body)
            self.headers.append(headers)
            if self.replies:
                reply = self.replies.popleft()
                return replace(reply, content=slipped_in(body, reply.insert)) if reply.insert else reply
        return Reply(status=500, content="no scripted reply")

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        """A handler class bound to this server's script."""
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                """Answer a chat completion from the script."""
                length = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(length) or b"{}")
                if self.path.rstrip("/") != "/v1/chat/completions":
                    self._send(404, b'{"error": {"message": "not found"}}')
                    return
                reply = fake.next_reply(body, {k.lower(): v for k, v in self.headers.items()})
                time.sleep(reply.delay)
                self._send(reply.status, _body(reply))

            def _send(self, status: int, payload: bytes) -> None:
                """Write one JSON response; a client that gave up is not an error here."""
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, format: str, *args: Any) -> None:
                """Keep test output quiet."""

        return Handler


def draft_of(body: dict[str, Any]) -> str:
    """The draft a polish request carries (JSON between <draft> tags in the user message)."""
    user = str(body["messages"][1]["content"])
    found = re.search(r"<draft>\s*(.*?)\s*</draft>", user, re.DOTALL)
    assert found is not None, "no <draft> in the polish request"
    return str(json.loads(found.group(1)))


def slipped_in(body: dict[str, Any], sentence: str) -> str:
    """The request's draft with `sentence` added at the end of its last paragraph but one."""
    head, _, signoff = draft_of(body).strip().rpartition("\n\n")
    return f"{head} {sentence}\n\n{signoff}"


def _body(reply: Reply) -> bytes:
    """The bytes the server sends for a reply."""
    if reply.malformed:
        return b'{"id": "chatcmpl-broken", "choices": [{"message": '
    if reply.status != 200:
        return json.dumps({"error": {"message": reply.content, "type": "server_error"}}).encode()
    return json.dumps(completion(reply)).encode()
