"""Words that only ask or declare: a question word for people ('Who …?', 'Qui …?', 'Wer …?')
and a verb of declaring ('declared', 'déclaré', 'angegeben') are read, not reported."""

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


@pytest.mark.parametrize(
    "request_text",
    [
        "cardholders who declared a pet",
        "porteurs de carte qui ont déclaré un animal",
        "Karteninhaber, die ein Haustier angegeben haben",
    ],
)
def test_declaring_is_grammar_not_a_typo_of_a_catalog_word(
    request_text: str, grocery: Catalog
) -> None:
    """'angegeben' (declared) is no misspelt 'ausgegeben' (spent): it names no rule."""
    result = propose(request_text, grocery)
    assert [node.field for node in result.rules.root.rules] == ["cardholders.has_pet"]  # type: ignore[union-attr]
    assert [entry.phrase for entry in result.coverage if entry.rule_path is None] == []
