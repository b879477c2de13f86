"""Pack parity: a role English fills is filled in every other pack, unless the language does not
say that concept with a phrase of that shape; each such difference is named here with its reason,
so a role left empty by mistake (a new role filled in English only) fails."""

from __future__ import annotations

import pytest

from assistant.language import Role, available_codes, load_pack

SHAPED_ELSEWHERE: dict[tuple[Role, str], str] = {
    (Role.FEMININE_POPULATION, "en"): "English people nouns have no feminine form.",
    (Role.RESTRICTION, "en"): "'ne … que' is French grammar; English says 'only'.",
    (Role.RESTRICTION, "de"): "'ne … que' is French grammar; German says 'nur'.",
    (Role.PAST_AFTER_UNIT, "en"): "'le mois dernier' puts 'past' after the unit; English before.",
    (Role.PAST_AFTER_UNIT, "de"): "German puts 'letzten' before the unit.",
    (Role.AGO_AFTER, "fr"): "French says 'il y a' before the length (ago_before).",
    (Role.AGO_BEFORE, "en"): "English says 'ago' after the length (ago_after).",
    (Role.OLD_AFTER, "fr"): "French says 'datant de plus de …' (older), not 'N jours vieux'.",
    (
        Role.SPEAKERS,
        "fr",
    ): "French names speakers by an adjective the catalog has ('hispanophones').",
    (Role.SPEAKERS, "de"): "German names speakers in one compound ('spanischsprachige').",
    (Role.NO_LONGER, "en"): "English 'no longer' is a negation phrase of its own, not 'and'.",
    (Role.NO_LONGER, "de"): "German 'nicht mehr' is a negation phrase of its own, not 'und'.",
}
"""(role, language) → why that language leaves a role empty that another pack fills."""


def _filled(code: str) -> set[Role]:
    pack = load_pack(code)
    return {role for role in Role if pack.table(role).entries}


@pytest.mark.parametrize("code", available_codes())
def test_every_role_another_pack_fills_is_filled_or_explained(code: str) -> None:
    filled_anywhere = set().union(*(_filled(other) for other in available_codes()))
    missing = {role for role in filled_anywhere - _filled(code)}
    unexplained = sorted(role.value for role in missing if (role, code) not in SHAPED_ELSEWHERE)
    assert unexplained == [], f"{code} lacks roles other packs fill: {unexplained}"


def test_every_explained_gap_is_still_a_gap() -> None:
    """An explanation for a role the language now fills is stale: remove it."""
    stale = sorted(
        f"{role.value}@{code}" for role, code in SHAPED_ELSEWHERE if role in _filled(code)
    )
    assert stale == []
