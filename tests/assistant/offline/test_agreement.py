"""A French adjective agreeing with its noun ('lignes prépayées', 'offres annulées') is the
catalog's word ('prépayé'), even when the catalog also writes that feminine form inside a longer
phrase ('carte prépayée'): the word alone is read, not the fragment of another phrase."""

from __future__ import annotations

import pytest

from assistant.language import all_packs, load_pack
from assistant.offline.lexicon import build_lexicon
from schema_catalog import Catalog, Column, ColumnType
from tests.support.planning import propose


@pytest.fixture(scope="module")
def plans(cinema: Catalog) -> Catalog:
    """The cinema catalog whose members hold a prepaid or a monthly pass."""
    members = cinema.table(cinema.profile.table)
    plan = Column(
        name="pass_type",
        type=ColumnType.STRING,
        description="How the member pays for the cinema pass.",
        allowed_values=("prepaid", "monthly"),
        value_synonyms={"prepaid": ("prepaid", "prépayé", "carte prépayée")},
    )
    changed = members.model_copy(update={"columns": (*members.columns, plan)})
    tables = tuple(changed if t.name == members.name else t for t in cinema.tables)
    return cinema.model_copy(update={"tables": tables})


@pytest.mark.parametrize("said", ["prepayees", "prepayes", "prepayee"])
def test_an_agreeing_form_is_the_word_alone(said: str, plans: Catalog) -> None:
    lexicon = build_lexicon(plans, all_packs())
    ((_, catalog_form),) = lexicon.normalise(said, load_pack("fr"))
    assert catalog_form in {"prepaye", "prepayee"}
    assert lexicon.lookup([catalog_form], 0, load_pack("fr"))[0] == 1


def test_the_request_reads_it(plans: Catalog) -> None:
    rules = propose("les membres prépayées", plans).rules.root.rules
    assert any(getattr(rule, "value", None) == "prepaid" for rule in rules)
