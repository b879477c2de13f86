"""Riverside Books: a second, deliberately foreign catalog and its small deterministic data.

Unlike the demo: text member codes (``C0007919``), four channels (email, SMS, WhatsApp sharing
the SMS number and its suppressions, postal mail with extra export columns), DATE events, an
adults-only restriction that also protects unknown birth dates, a sensitive column, a
suppression list whose "all" value is ``everything``. Every fact a test relies on is written
out in ``FACTS`` (derived by hand from the rows below, not by running the product).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import yaml

from audience.engine import AudienceEngine
from audience.rules import Attribute, Group, Op, RuleTree
from audience.workflow import AudienceService
from audience.workflow.workspace import Workspace, hash_password
from schema_catalog import Catalog, load_catalog
from tests.support import FIXTURES
from tests.support.handmade_db import DUCK_TYPES
from tests.support.workflow_fakes import store_at

CATALOG_DIR = FIXTURES / "riverside" / "catalog"
AS_OF = date(2025, 6, 30)
MEMBERS = 24

Row = dict[str, Any]


def code(number: int) -> str:
    """The member code of member ``number`` (1-based): ``C`` and seven digits."""
    return f"C{number * 7919:07d}"


def member_uuid(number: int) -> str:
    """Member ``number``'s key in the UUID variant of the data (a DuckDB ``UUID`` column)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"riverside:{code(number)}"))


def riverside_catalog() -> Catalog:
    """The Riverside Books catalog (tests/fixtures/riverside/catalog)."""
    return load_catalog(CATALOG_DIR)


USERS = {"ines": "marketer", "tom": "reviewer"}
"""The workspace's people, named after no demo account; each one's password is ``<name>-pw``."""


def _workspace_document() -> dict[str, Any]:
    users = [
        {"name": name, "role": role, "password": hash_password(f"{name}-pw", n=2**4)}
        for name, role in USERS.items()
    ]
    return {"name": "riverside", "users": users}


def riverside_workspace() -> Workspace:
    """The Riverside workspace: ``ines`` (marketer) and ``tom`` (reviewer)."""
    return Workspace.model_validate(_workspace_document())


def write_riverside_users(path: Path) -> Path:
    """The Riverside workspace as the users file the CLI and the app read
    (``PERIMETER_WORKSPACE_FILE``)."""
    path.write_text(yaml.safe_dump(_workspace_document()))
    return path


def riverside_service(tmp_path: Path, database: Path) -> AudienceService:
    """The workflow on the Riverside catalog, ``database`` and a store under ``tmp_path``."""
    catalog = riverside_catalog()
    store = store_at(tmp_path / "state" / "perimeter.sqlite3")
    return AudienceService(store, catalog, AudienceEngine(database, catalog), riverside_workspace())


_CITIES = ("Bristol", "Leeds", "York", "Bath")
_BIRTHS: dict[int, date | None] = {
    1: date(2009, 3, 1),  # 16: a minor
    2: date(2007, 7, 1),  # 17 (18 tomorrow): a minor
    3: date(2007, 6, 30),  # 18 today: an adult
    4: None,  # unknown: protected (unknown: exclude)
    5: None,
}


def _member(number: int) -> Row:
    born = _BIRTHS.get(number, date(1950 + number, 1 + number % 12, 1 + number % 27))
    return {
        "member_code": code(number),
        "email": None if number % 6 == 0 else f"reader{number}@example.org",
        "mobile": None if number % 5 == 0 else f"+4477009{number:05d}",
        "postal_address": None if number % 7 == 0 else f"{number} Mill Lane",
        "postcode": None if number % 7 == 0 else f"BS{number} 1AA",
        "city": _CITIES[(number // 4) % 4],
        "birth_date": born,
        "tier": "patron" if number % 4 == 0 else "reader",
        "joined_on": date(2020, 1, 1) + timedelta(days=50 * number),
        "reading_aid": number % 9 == 0,
    }


def _preferences(number: int) -> Row | None:
    if number in (11, 12):
        return None  # never answered: no row, so no consent anywhere
    return {
        "member_code": code(number),
        "email_ok": number % 3 != 0,
        "sms_ok": number % 2 == 0,
        "whatsapp_ok": number % 2 == 0 or number == 13,
        "post_ok": number % 4 != 1,
    }


_BLOCKS = [(8, "sms"), (10, "whatsapp"), (14, "everything"), (16, "post"), (20, "email")]
"""(member, scope): an SMS block also blocks WhatsApp (the catalog's suppressed_by)."""


def _purchases() -> list[Row]:
    rows = []
    genres = ("crime", "poetry", "history", "children", "science")
    for number in range(1, MEMBERS + 1):
        for index in range(number % 4):  # 0 to 3 books each
            rows.append({
                "purchase_ref": f"P-{number:03d}-{index}",
                "member_code": code(number),
                "purchased_on": AS_OF - timedelta(days=20 + 100 * index + number),
                "genre": genres[(number + index) % 5],
                "format": ("paper", "ebook", "audio")[index % 3],
                "shop": "online" if number % 5 == 0 else _CITIES[number % 4],
                "price": 8.5 + number + index,
            })  # fmt: skip
    return rows


def _evenings() -> list[Row]:
    kinds = ("club", "signing", "workshop")
    return [
        {"attendance_ref": f"E-{number:03d}", "member_code": code(number),
         "attended_on": AS_OF - timedelta(days=7 * number), "kind": kinds[number % 3]}
        for number in range(1, MEMBERS + 1) if number % 3 == 1
    ]  # fmt: skip


def riverside_dataset() -> dict[str, list[Row]]:
    """Every table's rows."""
    numbers = range(1, MEMBERS + 1)
    preferences = [p for p in (_preferences(n) for n in numbers) if p is not None]
    blocks = [
        {"member_code": code(n), "scope": scope, "added_on": AS_OF - timedelta(days=n)}
        for n, scope in _BLOCKS
    ]
    return {
        "members": [_member(n) for n in numbers],
        "preferences": preferences,
        "do_not_contact": blocks,
        "purchases": _purchases(),
        "club_evenings": _evenings(),
    }


def build_riverside_database(path: Path, *, uuid_keys: bool = False) -> Path:
    """Write the Riverside data to a new DuckDB file at ``path`` (typed from the catalog).

    Args:
        path: The new DuckDB file.
        uuid_keys: Store member keys as DuckDB ``UUID`` (``member_uuid(n)``) instead of text
            member codes; the catalog still declares them ``string``, as a draft would.
    """
    catalog = riverside_catalog()
    data = riverside_dataset()
    keys = {code(n): member_uuid(n) for n in range(1, MEMBERS + 1)}
    convert: Callable[[Any], Any] = keys.__getitem__ if uuid_keys else str
    with duckdb.connect(str(path)) as con:
        for table in catalog.tables:
            types = {c.name: DUCK_TYPES[c.type] for c in table.columns}
            if uuid_keys:
                types[_KEY_COLUMN] = "UUID"
            columns = ", ".join(f'"{name}" {duck_type}' for name, duck_type in types.items())
            con.execute(f'CREATE TABLE "{table.name}" ({columns})')
            rows = [_row(row, list(types), convert) for row in data[table.name]]
            if rows:
                marks = ", ".join("?" for _ in types)
                con.executemany(f'INSERT INTO "{table.name}" VALUES ({marks})', rows)
    return path


_KEY_COLUMN = "member_code"
"""Every Riverside table names its member key ``member_code``."""


def _row(row: Row, names: list[str], convert: Callable[[Any], Any]) -> tuple[Any, ...]:
    return tuple(convert(row[n]) if n == _KEY_COLUMN else row.get(n) for n in names)


@dataclass(frozen=True)
class Facts:
    """What the data holds, derived by hand from the rules above."""

    protected: frozenset[int]
    """Members no audience may hold: minors (1, 2) and unknown birth dates (4, 5)."""
    patrons: frozenset[int]
    """tier = patron: every fourth member."""


FACTS = Facts(
    protected=frozenset({1, 2, 4, 5}),
    patrons=frozenset(range(4, MEMBERS + 1, 4)),
)

ADULTS = tuple(n for n in range(1, MEMBERS + 1) if n not in FACTS.protected)
"""The members any audience may hold (by number): everyone but the protected."""

PATRONS = RuleTree(root=Group(rules=(Attribute(field="members.tier", op=Op.EQ, value="patron"),)))
"""tier = patron, no channel: members 8, 12, 16, 20, 24 once the protected are left out."""
