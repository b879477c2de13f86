"""The one fake OpenAI-compatible server: real HTTP on a free 127.0.0.1 port, no network.

Two modes, as in the libraries that test against models:

* **queue** (simonw/llm's ``MockModel.enqueue``): tests queue the answers in order —
  ``server.enqueue(text)``, ``enqueue_refusal``, ``enqueue_error(429, headers)``;
* **function** (pydantic-ai's ``FunctionModel``): ``server.respond_with(fn)`` computes each
  answer's content from the request body; queued answers still come first.

The planner talks to ``/v1/chat/completions`` through the official ``openai`` client, and the
server records every request body so tests can assert on what was sent. The shared fixture is
``openai_server`` in ``tests/conftest.py``.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

import openai

RequestBody = dict[str, object]
Responder = Callable[[RequestBody], str]
"""Function mode: the request body in, the answer's message content out."""


@dataclass(frozen=True)
class Scripted:
    """One answer: an HTTP status, a JSON body, headers and an optional delay."""

    status: int
    body: dict[str, object]
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


def completion_body(
    content: str | None,
    *,
    refusal: str | None = None,
    usage: tuple[int, int] | None = (1200, 150),
    model: str = "gpt-4o-mini",
    finish_reason: str = "stop",
) -> dict[str, object]:
    """A chat.completion JSON body as OpenAI returns it."""
    body: dict[str, object] = {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 1_790_000_000,
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, "refusal": refusal},
                "finish_reason": finish_reason,
            }
        ],
    }
    if usage is not None:
        body["usage"] = {
            "prompt_tokens": usage[0],
            "completion_tokens": usage[1],
            "total_tokens": sum(usage),
        }
    return body


_EMPTY = Scripted(500, {"error": {"message": "queue empty"}}, {"x-should-retry": "false"})
"""Answered when nothing is queued and no function is set: a test asked more than it scripted."""


class FakeOpenAIServer:
    """``with FakeOpenAIServer() as server:``, then ``server.enqueue(...)`` or
    ``server.respond_with(fn)``, and ``server.client()`` or ``server.url``."""

    def __init__(self) -> None:
        self.queue: deque[Scripted] = deque()
        self.requests: list[RequestBody] = []
        self._respond: Responder | None = None
        self._usage: tuple[int, int] | None = (1200, 150)
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def __enter__(self) -> FakeOpenAIServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def client(self, *, max_retries: int = 2, timeout: float = 10.0) -> openai.OpenAI:
        """An official client pointed at this server."""
        return openai.OpenAI(
            api_key="sk-test", base_url=self.url, max_retries=max_retries, timeout=timeout
        )

    def enqueue(self, content: str, **options: object) -> None:
        """Queue a successful answer whose message content is ``content``."""
        delay = float(options.pop("delay", 0.0))  # type: ignore[arg-type]
        body = completion_body(content, **options)  # type: ignore[arg-type]
        self.queue.append(Scripted(200, body, delay=delay))

    def enqueue_refusal(self, refusal: str) -> None:
        self.queue.append(Scripted(200, completion_body(None, refusal=refusal)))

    def enqueue_error(self, status: int, headers: dict[str, str] | None = None) -> None:
        """Queue an HTTP error (e.g. 429 with ``retry-after-ms``)."""
        body: dict[str, object] = {"error": {"message": f"scripted {status}", "type": "test"}}
        self.queue.append(Scripted(status, body, headers or {}))

    def respond_with(
        self, respond: Responder, *, usage: tuple[int, int] | None = (1200, 150)
    ) -> None:
        """Function mode: every request not answered from the queue gets ``respond(body)``."""
        self._respond, self._usage = respond, usage

    def _answer(self, body: RequestBody) -> Scripted:
        with self._lock:
            self.requests.append(body)
            if self.queue:
                return self.queue.popleft()
        if self._respond is None:
            return _EMPTY
        model = str(body.get("model", "gpt-4o-mini"))
        return Scripted(200, completion_body(self._respond(body), usage=self._usage, model=model))

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", "0"))
                scripted = server._answer(json.loads(self.rfile.read(length) or b"{}"))
                time.sleep(scripted.delay)
                payload = json.dumps(scripted.body).encode()
                try:
                    self.send_response(scripted.status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(payload)))
                    for name, value in scripted.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client timed out and hung up: that is the point of the test

            def log_message(self, format: str, *args: object) -> None:
                return

        return Handler
