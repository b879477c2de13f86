"""'bought in March but not since': a negation with a bare 'since' and no verb of its own is a
lapse of the behaviour before it — done in that period, none from the day after it ends (the
'since' was reported as unmapped and the negation dropped: everyone who bought in March)."""

from __future__ import annotations

from datetime import date

import pytest

from audience.rules import WindowKind
from schema_catalog import Catalog
from tests.support.planning import behaviors, propose


@pytest.mark.parametrize(
    "request_text",
    [
        "customers who bought shoes in March but not since",
        "customers who bought shoes in March but nothing since",
        "clients qui ont acheté des chaussures en mars mais pas depuis",
        "Kunden, die im März Schuhe gekauft haben, aber seitdem nicht mehr",
        "Kunden, die im März Schuhe gekauft haben, aber nicht seitdem",
    ],
)
def test_not_since_a_period_is_none_after_it(request_text: str, catalog: Catalog) -> None:
    proposal = propose(request_text, catalog)
    done, lapsed = behaviors(proposal.rules)
    assert (done.negate, lapsed.negate) == (False, True)
    assert done.window is not None and done.window.type is WindowKind.BETWEEN
    assert done.window.start == date(2026, 3, 1)
    assert lapsed.window is not None and lapsed.window.type is WindowKind.SINCE
    assert lapsed.window.start == date(2026, 4, 1)
    assert not any("since" in note or "seitdem" in note for note in proposal.notices)
