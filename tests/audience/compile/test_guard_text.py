"""The last look at the SQL text that runs: no bare non-finite numbers."""

from __future__ import annotations

import pytest

from audience.compile.guard import guard_sql_text
from audience.errors import SqlGuardError


@pytest.mark.parametrize("word", ["NaN", "nan", "Infinity", "inf"])
def test_bare_non_finite_words_are_refused(word: str) -> None:
    with pytest.raises(SqlGuardError):
        guard_sql_text(f'SELECT "customer_id" FROM "customers" WHERE "points" > {word}')


@pytest.mark.parametrize(
    "sql",
    ["SELECT 1 WHERE x > 1e15", "SELECT 'NaN' AS label", 'SELECT "nan" FROM "t"'],
)
def test_quoted_words_and_finite_numbers_pass(sql: str) -> None:
    assert guard_sql_text(sql) == sql
