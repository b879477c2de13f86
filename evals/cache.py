"""A response cache for planner calls, keyed by a content hash.

The key covers everything that determines an answer: planner name, model, prompt version, catalog
fingerprint, the request and the conversation so far. Change any of them and the entry is simply
not found. One JSON file per entry under ``<home>/evals-cache/<key[:2]>/<key>.json``; writes go
through a temporary file and an atomic rename, so parallel workers never read half a file.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from assistant import Clarification, Conversation, PlanResult, Proposal, Refusal

_RESULT = TypeAdapter(PlanResult)


@dataclass(frozen=True)
class CacheKey:
    """What an answer depends on."""

    planner: str
    model: str | None
    prompt_version: str | None
    catalog_fingerprint: str
    request: str
    conversation: Conversation

    def digest(self) -> str:
        """sha256 of the canonical JSON of the key."""
        payload = {
            "planner": self.planner,
            "model": self.model,
            "prompt_version": self.prompt_version,
            "catalog": self.catalog_fingerprint,
            "request": self.request,
            "conversation": self.conversation.model_dump(mode="json"),
        }
        canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()


class ResponseCache:
    """Plan results on disk, by ``CacheKey``.

    >>> # cache = ResponseCache(settings.home / "evals-cache")
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.hits = 0
        self.misses = 0
        self._lock = threading.Lock()

    def _path(self, digest: str) -> Path:
        return self.directory / digest[:2] / f"{digest}.json"

    def get(self, key: CacheKey) -> Proposal | Clarification | Refusal | None:
        """The stored result, or None (a corrupt entry counts as a miss)."""
        path = self._path(key.digest())
        try:
            result = _RESULT.validate_json(path.read_bytes())
        except (FileNotFoundError, ValidationError):
            with self._lock:
                self.misses += 1
            return None
        with self._lock:
            self.hits += 1
        return result

    def put(self, key: CacheKey, result: Proposal | Clarification | Refusal) -> None:
        """Store ``result`` atomically."""
        path = self._path(key.digest())
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as file:
            file.write(_RESULT.dump_json(result))
        os.replace(temporary, path)

    def clear(self) -> int:
        """Delete every entry; returns how many were removed."""
        removed = 0
        for path in self.directory.glob("*/*.json"):
            path.unlink()
            removed += 1
        return removed
