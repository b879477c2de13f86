"""'for an email push', 'für einen E-Mail-Push': a channel word right after the campaign's
channel names the campaign itself; the channel said first is the activation channel."""

from __future__ import annotations

import pytest

from schema_catalog import Catalog
from tests.support.planning import propose


@pytest.mark.parametrize(
    "request_text",
    [
        "fibre households in the Paris region for an email push",
        "Glasfaser-Haushalte für einen E-Mail-Push",
    ],
)
def test_the_first_channel_is_the_campaigns(request_text: str, telecom: Catalog) -> None:
    assert propose(request_text, telecom).rules.channel == "email"


def test_a_push_campaign_stays_push(telecom: Catalog) -> None:
    assert propose("fibre households for a push campaign", telecom).rules.channel == "push"
