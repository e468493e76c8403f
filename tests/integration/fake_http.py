"""A JSON HTTP server on loopback in a thread: the base of the fake shop APIs."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar

S = TypeVar("S", bound="JsonServer")


class JsonServer(ThreadingHTTPServer):
    """Records every request (method, path, query or body) for the test to look at."""

    daemon_threads = True

    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(("127.0.0.1", 0), handler)
        self.requests: list[dict[str, Any]] = []
        self.status_override = 0
        """Answer every request with this HTTP status (and a generic error body) when set."""

    @property
    def root(self) -> str:
        """http://127.0.0.1:<port>"""
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"


class JsonHandler(BaseHTTPRequestHandler):
    """Helpers to answer with JSON; quiet logging."""

    def reply(self, status: int, body: object, headers: dict[str, str] | None = None) -> None:
        """Send `body` as JSON with `status`."""
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=UTF-8")
        self.send_header("Content-Length", str(len(payload)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output quiet."""


@contextmanager
def serving(server: S) -> Iterator[S]:
    """Serve in a thread until the block ends."""
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
