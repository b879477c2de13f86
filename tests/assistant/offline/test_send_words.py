"""A channel's name also said of any send ('push'): next to another channel's name it is the
send and that other channel is the campaign's ('for an email push', 'pour un push email',
'für einen E-Mail-Push'); alone it names its own channel ('for a push campaign')."""

from __future__ import annotations

import pytest

from schema_catalog import Catalog
from tests.support.planning import propose


@pytest.mark.parametrize(
    ("request_text", "channel"),
    [
        ("customers in Lyon for an email push", "email"),
        ("clients à Lyon pour un push email", "email"),
        ("clients à Lyon pour un push SMS", "sms"),
        ("Kunden in München für einen E-Mail-Push", "email"),
        ("customers in Lyon for an SMS push", "sms"),
        ("customers in Lyon for a push campaign", "push"),
        ("clients à Lyon pour une campagne push", "push"),
        ("Kunden in München für eine Push-Kampagne", "push"),
    ],
)
def test_a_send_word_beside_a_channel_names_that_channel(
    request_text: str, channel: str, catalog: Catalog
) -> None:
    result = propose(request_text, catalog)
    assert result.rules.channel == channel


def test_an_email_push_in_another_catalog_is_email(telecom: Catalog) -> None:
    result = propose("fibre households in the Paris region for an email push", telecom)
    assert result.rules.channel == "email"
