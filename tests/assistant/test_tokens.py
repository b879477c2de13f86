"""Offline tiktoken setup, token counting and the price table."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import tiktoken.load

from assistant.tokens import (
    PRICES,
    TokenizerError,
    cache_key,
    cost_usd,
    count_message_tokens,
    count_tokens,
    encoding_name_for_model,
    get_encoding,
    install_offline_encodings,
    price_for,
)

URL = "https://openaipublic.blob.core.windows.net/encodings/{}.tiktoken"


def test_cache_key_is_sha1_of_tiktoken_url() -> None:
    for name in ("o200k_base", "cl100k_base"):
        assert cache_key(name) == hashlib.sha1(URL.format(name).encode()).hexdigest()


def test_install_writes_files_tiktoken_accepts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))
    assert install_offline_encodings() == tmp_path
    for name, expected in (
        ("o200k_base", "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"),
        ("cl100k_base", "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7"),
    ):
        data = (tmp_path / cache_key(name)).read_bytes()
        assert hashlib.sha256(data).hexdigest() == expected


def test_tiktoken_loads_from_installed_cache_without_network(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))
    install_offline_encodings()

    def no_network(blobpath: str) -> bytes:
        raise AssertionError(f"tiktoken tried to download {blobpath}")

    monkeypatch.setattr(tiktoken.load, "read_file", no_network)
    ranks = tiktoken.load.load_tiktoken_bpe(
        URL.format("cl100k_base"),
        expected_hash="223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
    )
    assert len(ranks) == 100_256


def test_corrupt_cache_file_is_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))
    (tmp_path / cache_key("o200k_base")).write_bytes(b"garbage")
    install_offline_encodings()
    assert (tmp_path / cache_key("o200k_base")).stat().st_size > 1_000_000


def test_counts_match_known_values() -> None:
    assert count_tokens("VIP customers") == 2
    assert count_tokens("hello world", "cl100k_base") == 2
    assert get_encoding("o200k_base").decode(get_encoding().encode("Lyon €500")) == "Lyon €500"


def test_special_token_text_is_counted_not_rejected() -> None:
    assert count_tokens("<|endoftext|>") > 1


def test_unknown_encoding_is_an_error() -> None:
    with pytest.raises(TokenizerError):
        get_encoding("p50k_base")


def test_message_overhead() -> None:
    messages = [{"role": "user", "content": "VIP customers"}]
    assert count_message_tokens(messages) == 2 + 3 + 3


@pytest.mark.parametrize(
    ("model", "encoding"),
    [("gpt-4o-mini", "o200k_base"), ("gpt-4-0613", "cl100k_base"), ("smollm2", "o200k_base")],
)
def test_encoding_for_model(model: str, encoding: str) -> None:
    assert encoding_name_for_model(model) == encoding


def test_price_table() -> None:
    assert price_for("gpt-4o-mini-2024-07-18") == PRICES["gpt-4o-mini"]
    assert price_for("gpt-4o-2024-08-06") == PRICES["gpt-4o"]
    assert price_for("llama-3.2-1b") is None
    assert cost_usd("gpt-4o", 1_000_000, 0) == pytest.approx(2.50)
    assert cost_usd("local-model", 10_000, 10_000) == 0.0
