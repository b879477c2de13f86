"""A question word that asks for people ('Who …?', 'Qui …?', 'Wer …?') is read, not reported."""

from __future__ import annotations

import pytest

from schema_catalog import Catalog
from tests.support.planning import propose


@pytest.mark.parametrize(
    "request_text",
    [
        "Who visited the imax in York?",
        "Qui est allé à l'imax à York ?",
        "Wer war im Imax in York?",
        "Wer hat eine Horror-Vorstellung gebucht?",
    ],
)
def test_who_asks_for_an_audience_and_is_read(request_text: str, cinema: Catalog) -> None:
    result = propose(request_text, cinema)
    assert [entry.phrase for entry in result.coverage if entry.rule_path is None] == []
    assert len(result.rules.root.rules) == 1
