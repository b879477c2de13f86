"""A chain of climbing gyms, after the database a new user took through ``docs/catalog.md``.

What made the first draft go wrong, kept on purpose: a five-row lookup table (``gym``) whose
code every other table carries, so that it is "referenced" by more tables than the people are;
integer keys that overlap (climbers 1..N, bookings 1..M), a consent table apart, a
do-not-contact list with no channel column, TIMESTAMP check-ins ending in the evening of
``LAST_DAY``, DATE day passes, and class bookings up to 60 days ahead. Deterministic from the
seed.

Run ``python -m tests.support.climbing_db OUT.duckdb [CLIMBERS]`` to write one.
"""

from __future__ import annotations

import random
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path

import duckdb
import pyarrow as pa

LAST_DAY = date(2026, 11, 30)
"""The newest day of past events; the newest check-in is at ``LAST_CHECKIN`` that day."""
LAST_CHECKIN = datetime.combine(LAST_DAY, time(21, 50))
GYMS = ("G01", "G02", "G03", "G04", "G05")
BLOCKED = 12
"""Climbers on the do-not-contact list: the first ``BLOCKED`` of those who consented to e-mail."""


def _climbers(rng: random.Random, count: int) -> dict[str, list[object]]:
    numbers = list(range(1, count + 1))
    return {
        "member_no": numbers,
        "given_name": [rng.choice(("Lena", "Marc", "Ines", "Noah", "Clara")) for _ in numbers],
        "family_name": [rng.choice(("Dupont", "Keller", "Rossi", "Novak")) for _ in numbers],
        "email_address": [f"climber{n}@example.org" for n in numbers],
        "telefono": [f"+33 6 {rng.randint(10, 99)} {rng.randint(10, 99)} 11 22" for _ in numbers],
        "membership_tier": [rng.choice(("monthly", "annual", "student")) for _ in numbers],
        "home_site": [rng.choice(GYMS) for _ in numbers],
    }


def _events(rng: random.Random, count: int) -> dict[str, dict[str, list[object]]]:
    checkins: dict[str, list[object]] = {"ref": [], "climber": [], "site": [], "checked_in_at": []}
    for climber in range(1, count + 1):
        if rng.random() < 0.15:
            continue  # never came
        for _ in range(rng.randint(1, 12)):
            day = LAST_DAY - timedelta(days=rng.randint(1, 400))
            checkins["ref"].append(len(checkins["ref"]) + 1)
            checkins["climber"].append(climber)
            checkins["site"].append(rng.choice(GYMS))
            checkins["checked_in_at"].append(datetime.combine(day, time(rng.randint(7, 20))))
    checkins["ref"].append(len(checkins["ref"]) + 1)
    checkins["climber"].append(1)
    checkins["site"].append("G01")
    checkins["checked_in_at"].append(LAST_CHECKIN)
    passes = count // 2
    bookings = count * 2
    return {
        "checkins": checkins,
        "day_passes": {
            "pass_code": [f"DP{i:05d}" for i in range(passes)],
            "climber": [rng.randint(1, count) for _ in range(passes)],
            "valid_on": [LAST_DAY - timedelta(days=rng.randint(0, 300)) for _ in range(passes)],
            "site": [rng.choice(GYMS) for _ in range(passes)],
        },
        "session_bookings": {
            "booking_ref": list(range(1, bookings + 1)),
            "climber": [rng.randint(1, count) for _ in range(bookings)],
            "site": [rng.choice(GYMS) for _ in range(bookings)],
            "session_start": [
                datetime.combine(LAST_DAY + timedelta(days=rng.randint(-300, 60)), time(18))
                for _ in range(bookings)
            ],
            "booking_status": [rng.choice(("confirmed", "cancelled")) for _ in range(bookings)],
        },
    }


def write_climbing_database(path: Path, *, climbers: int = 300, seed: int = 11) -> Path:
    """Write the climbing-gyms database to ``path`` (replaced) and return it."""
    rng = random.Random(seed)
    people = _climbers(rng, climbers)
    newsletter = [rng.random() < 0.6 for _ in range(climbers)]
    consented = [n for n, ok in zip(people["member_no"], newsletter, strict=True) if ok]
    tables = {
        "gym": {"site": list(GYMS), "city": ["Paris", "Lyon", "Geneva", "Brussels", "Montreal"]},
        "climbers": people,
        "consents": {
            "climber": list(people["member_no"]),
            "newsletter_optin": newsletter,
            "sms_optin": [rng.random() < 0.3 for _ in range(climbers)],
        },
        "do_not_contact": {
            "climber": consented[:BLOCKED],
            "added_on": [LAST_DAY - timedelta(days=30)] * BLOCKED,
            "reason": [rng.choice(("request", "complaint")) for _ in range(BLOCKED)],
        },
        **_events(rng, climbers),
    }
    path.unlink(missing_ok=True)
    with duckdb.connect(str(path)) as con:
        for name, columns in tables.items():
            incoming = pa.table(columns)  # noqa: F841 - read by DuckDB's replacement scan
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM incoming')
    return path


if __name__ == "__main__":
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    print(write_climbing_database(Path(sys.argv[1]), climbers=count))
