"""A third database, written after the draft's heuristics were frozen: a chain of gyms.

Used only by ``bench/draft_accuracy.py`` as a less biased figure (the heuristics were not tuned
on it). Conventions unlike both other databases: a text profile key (``member_ref``, 'M000123'),
references named ``member``, ``who`` and ``member_ref``, a German birth-date column, TIMESTAMP
check-ins, class bookings up to three weeks ahead, membership renewals up to a year ahead, a
consent flag that names no channel, and a suppression table called ``do_not_contact``.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from pathlib import Path

import duckdb
import pyarrow as pa

LAST_DAY = date(2026, 3, 31)
CLUBS = ("Nord", "Sud", "Centre", "Gare", "Port", "Parc", "Lac", "Colline")


def write_gym_database(path: Path, *, members: int = 2000, seed: int = 5) -> Path:
    """Write the gyms database to ``path`` (replaced) and return it."""
    rng = random.Random(seed)
    refs = [f"M{100000 + i}" for i in range(members)]
    tables = {
        "members": {
            "member_ref": refs,
            "full_name": [f"Person {i}" for i in range(members)],
            "e_mail": [f"p{i}@mail.example" if rng.random() < 0.9 else None
                       for i in range(members)],
            "handy": [f"+49 151 {rng.randint(1000000, 9999999)}" for _ in refs],
            "geburtsdatum": [date(1960, 1, 1) + timedelta(days=rng.randint(0, 16000))
                             for _ in refs],
            "plan_tier": [rng.choice(("basic", "plus", "premium")) for _ in refs],
            "home_club": [rng.choice(CLUBS) for _ in refs],
            "marketing_opt_in": [rng.random() < 0.5 for _ in refs],
            "sms_allowed": [rng.random() < 0.3 for _ in refs],
        },
        "checkins": {"member": [], "scanned_at": [], "club": [], "zone": []},
        "memberships": {"contract_id": [], "member_ref": [], "starts_on": [], "renews_on": [],
                        "monthly_fee": [], "status": []},
        "class_bookings": {"booking_code": [], "who": [], "class_name": [], "class_date": [],
                           "cancelled": []},
        "do_not_contact": {"member_ref": [], "medium": []},
    }  # fmt: skip
    for ref in refs:
        for _ in range(rng.randint(0, 30)):
            day = LAST_DAY - timedelta(days=rng.randint(0, 365))
            tables["checkins"]["member"].append(ref)
            tables["checkins"]["scanned_at"].append(datetime.combine(day, time(rng.randint(6, 22))))
            tables["checkins"]["club"].append(rng.choice(CLUBS))
            tables["checkins"]["zone"].append(rng.choice(("gym", "pool", "sauna", "class")))
        for _ in range(rng.choice((1, 1, 1, 2))):
            start = LAST_DAY - timedelta(days=rng.randint(0, 700))
            contracts = tables["memberships"]
            contracts["contract_id"].append(len(contracts["contract_id"]) + 1)
            contracts["member_ref"].append(ref)
            contracts["starts_on"].append(start)
            contracts["renews_on"].append(
                start + timedelta(days=365 * (1 + (start < LAST_DAY - timedelta(days=365))))
            )
            contracts["monthly_fee"].append(rng.choice((19.9, 29.9, 49.9)))
            contracts["status"].append(rng.choice(("active", "active", "frozen", "cancelled")))
        for _ in range(rng.randint(0, 4)):
            bookings = tables["class_bookings"]
            bookings["booking_code"].append(f"B-{len(bookings['booking_code']):06d}")
            bookings["who"].append(ref)
            bookings["class_name"].append(rng.choice(("yoga", "spin", "hiit", "pilates", "aqua")))
            bookings["class_date"].append(LAST_DAY + timedelta(days=rng.randint(-20, 21)))
            bookings["cancelled"].append(rng.random() < 0.1)
    for ref in rng.sample(refs, k=members // 25):
        tables["do_not_contact"]["member_ref"].append(ref)
        tables["do_not_contact"]["medium"].append(rng.choice(("email", "sms", "all")))
    path.unlink(missing_ok=True)
    with duckdb.connect(str(path)) as con:
        for name, columns in tables.items():
            con.register("incoming", pa.table(columns))
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM incoming')
            con.unregister("incoming")
    return path


GYM_TRUTH: dict[str, object] = {
    "profile": ("members", "member_ref"),
    "kinds": {"members": "profile", "checkins": "event", "memberships": "event",
              "class_bookings": "event", "do_not_contact": "attribute"},
    "joins": {"checkins": "member", "memberships": "member_ref", "class_bookings": "who",
              "do_not_contact": "member_ref"},
    "timestamps": {"checkins": "scanned_at", "memberships": "renews_on",
                   "class_bookings": "class_date"},
    "future": {"memberships", "class_bookings"},
    "pii": {"members.full_name", "members.e_mail", "members.handy", "members.geburtsdatum"},
    "categorical": {"members.plan_tier", "members.home_club", "checkins.club", "checkins.zone",
                    "memberships.status", "class_bookings.class_name", "do_not_contact.medium"},
    "measures": {"memberships.monthly_fee"},
    "channels": {"email": ("members.marketing_opt_in", "members.e_mail"),
                 "sms": ("members.sms_allowed", "members.handy")},
    "suppression": ("do_not_contact", "medium", "all"),
}  # fmt: skip
"""Written before the draft was first run on this database."""
