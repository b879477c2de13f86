"""French 'ne … plus' written without 'ne' ('mais plus du tout depuis janvier', 'plus aucune depuis
mars'): a negation, so the second clause is a lapse — the same purchases, none since then —
not a connector 'plus' (and) with its words left over."""

from __future__ import annotations

from datetime import date

import pytest

from schema_catalog import Catalog
from tests.support.planning import behaviors, propose


@pytest.mark.parametrize(
    ("request_text", "since"),
    [
        ("clients qui ont acheté des chaussures en 2025 mais plus du tout depuis janvier", 1),
        ("clients qui ont acheté des chaussures en 2025 mais plus aucune depuis mars", 3),
    ],
)
def test_no_longer_since_is_a_lapse_of_the_same_purchases(
    request_text: str, since: int, catalog: Catalog
) -> None:
    result = propose(request_text, catalog)
    bought, lapsed = behaviors(result.rules)
    assert bought.filters == lapsed.filters and bought.filters
    assert not bought.negate and lapsed.negate
    assert lapsed.window is not None and lapsed.window.start == date(2026, since, 1)
    assert not result.notices
