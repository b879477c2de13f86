"""A second, unlike database: a chain of veterinary clinics, for the bring-your-own-data path.

Nothing here follows the demo retailer's conventions: the profile is a *household* keyed by
``household_no`` (no ``_id`` anywhere), every table names its reference to it differently
(``household``, ``hh_ref``, ``owner``, ``household_no``), past events are DATE columns, an
``appointments`` table holds bookings up to three months after the data's last day, the mobile
number sits in a German-named column (``mobil``) and a clinics lookup table joins to nothing.
Deterministic from the seed. ``LAST_DAY`` is the newest day of past events.

Run ``python -m tests.support.vet_db OUT.duckdb [HOUSEHOLDS]`` to write one.
"""

from __future__ import annotations

import random
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path

import duckdb
import pyarrow as pa

LAST_DAY = date(2026, 6, 14)
"""Newest day of the past events; ``as_of: latest`` resolves to one second after the newest
reminder sent that day (a TIMESTAMP)."""

TOWNS = ("Lyon", "Villeurbanne", "Grenoble", "Annecy", "Chambéry", "Valence", "Vienne",
         "Bourgoin", "Voiron", "Aix-les-Bains")  # fmt: skip
CLINICS = ("LYO-1", "LYO-2", "GRE", "ANN", "CHA", "VAL")
SPECIES = ("dog", "cat", "rabbit", "bird", "reptile")
REASONS = ("vaccination", "checkup", "dental", "surgery", "emergency", "grooming")
SERVICES = ("vaccination", "checkup", "dental", "grooming", "surgery")
FAMILY = ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
          "Leroy", "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "Müller",
          "Rossi", "Nguyen", "Fontaine", "Chevalier")  # fmt: skip
GIVEN = ("Camille", "Léa", "Hugo", "Louis", "Chloé", "Emma", "Lucas", "Jules", "Inès", "Nina",
         "Paul", "Sofia", "Adam", "Zoé", "Noah", "Anna")  # fmt: skip
PET_NAMES = ("Rex", "Milo", "Luna", "Nala", "Oscar", "Simba", "Plume", "Caramel", "Ruby",
             "Filou", "Moka", "Pixel")  # fmt: skip


def _breeds() -> list[str]:
    stems = ("Labrador", "Beagle", "Caniche", "Border", "Berger", "Chartreux", "Siamois",
             "Persan", "Maine", "Bengal", "Lop", "Rex", "Ara", "Gecko", "Python")  # fmt: skip
    return [f"{stem} {kind}" for stem in stems for kind in ("standard", "nain", "long", "mix")]


def _households(rng: random.Random, count: int) -> dict[str, list[object]]:
    rows: dict[str, list[object]] = {name: [] for name in (
        "household_no", "family_name", "given_name", "email_addr", "mobil", "postcode", "town",
        "language", "joined_on", "wellness_plan", "newsletter_ok", "sms_ok")}  # fmt: skip
    for index in range(count):
        family, given = rng.choice(FAMILY), rng.choice(GIVEN)
        rows["household_no"].append(100_001 + index)
        rows["family_name"].append(family)
        rows["given_name"].append(given)
        email = f"{given.lower()}.{family.lower()}{index}@exemple.fr"
        rows["email_addr"].append(email if rng.random() < 0.85 else None)
        phone = f"+33 6 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} " + (
            f"{rng.randint(10, 99)}"
        )
        rows["mobil"].append(phone if rng.random() < 0.7 else None)
        rows["postcode"].append(f"{rng.choice((69, 38, 74, 73, 26))}{rng.randint(0, 999):03d}")
        rows["town"].append(rng.choice(TOWNS))
        rows["language"].append(rng.choices(("fr", "en", "de", "it"), (85, 8, 4, 3))[0])
        rows["joined_on"].append(LAST_DAY - timedelta(days=rng.randint(0, 3650)))
        rows["wellness_plan"].append(rng.choices(("none", "basic", "premium"), (60, 30, 10))[0])
        rows["newsletter_ok"].append(rng.random() < 0.6)
        rows["sms_ok"].append(rng.random() < 0.4)
    return rows


def _pets(rng: random.Random, households: list[int]) -> dict[str, list[object]]:
    rows: dict[str, list[object]] = {name: [] for name in (
        "pet_no", "household", "pet_name", "species", "breed", "born_on", "neutered",
        "weight_kg")}  # fmt: skip
    breeds = _breeds()
    for household in households:
        for _ in range(rng.choices((1, 2, 3), (60, 30, 10))[0]):
            rows["pet_no"].append(500_001 + len(rows["pet_no"]))
            rows["household"].append(household)
            rows["pet_name"].append(rng.choice(PET_NAMES))
            rows["species"].append(rng.choices(SPECIES, (50, 38, 6, 4, 2))[0])
            rows["breed"].append(rng.choice(breeds))
            rows["born_on"].append(LAST_DAY - timedelta(days=rng.randint(60, 6000)))
            rows["neutered"].append(rng.random() < 0.55)
            rows["weight_kg"].append(round(rng.uniform(0.2, 45.0), 1))
    return rows


def _visits(rng: random.Random, pets: dict[str, list[object]]) -> dict[str, list[object]]:
    rows: dict[str, list[object]] = {name: [] for name in (
        "visit_no", "hh_ref", "pet", "visit_day", "clinic", "reason", "amount_eur", "vet_code",
        "paid_with")}  # fmt: skip
    for pet, household in zip(pets["pet_no"], pets["household"], strict=True):
        for _ in range(rng.choices(range(0, 9), (8, 15, 18, 16, 14, 11, 8, 6, 4))[0]):
            reason = rng.choices(REASONS, (30, 30, 10, 6, 8, 16))[0]
            rows["visit_no"].append(9_000_001 + len(rows["visit_no"]))
            rows["hh_ref"].append(household)
            rows["pet"].append(pet)
            rows["visit_day"].append(LAST_DAY - timedelta(days=int(rng.triangular(0, 1460, 0))))
            rows["clinic"].append(rng.choice(CLINICS))
            rows["reason"].append(reason)
            base = {"surgery": 420, "emergency": 180, "dental": 140}.get(reason, 55)
            rows["amount_eur"].append(round(base * rng.uniform(0.6, 1.8), 2))
            rows["vet_code"].append(f"V{rng.randint(1, 24):02d}")
            rows["paid_with"].append(rng.choices(("card", "cash", "insurance"), (70, 10, 20))[0])
    return rows


def _appointments(rng: random.Random, pets: dict[str, list[object]]) -> dict[str, list[object]]:
    rows: dict[str, list[object]] = {name: [] for name in (
        "appt_no", "household_no", "pet", "booked_on", "appointment_day", "clinic", "service",
        "status")}  # fmt: skip
    for pet, household in zip(pets["pet_no"], pets["household"], strict=True):
        if rng.random() > 0.45:
            continue
        for _ in range(rng.choice((1, 1, 2))):
            day = LAST_DAY + timedelta(days=rng.randint(-45, 92))
            upcoming = day > LAST_DAY
            status = rng.choices(
                ("booked", "confirmed", "cancelled") if upcoming else
                ("attended", "no_show", "cancelled"), (55, 35, 10) if upcoming else (80, 8, 12)
            )[0]  # fmt: skip
            rows["appt_no"].append(7_000_001 + len(rows["appt_no"]))
            rows["household_no"].append(household)
            rows["pet"].append(pet)
            booked = min(day - timedelta(days=rng.randint(1, 60)), LAST_DAY)
            rows["booked_on"].append(booked)
            rows["appointment_day"].append(day)
            rows["clinic"].append(rng.choice(CLINICS))
            rows["service"].append(rng.choices(SERVICES, (35, 30, 10, 15, 10))[0])
            rows["status"].append(status)
    return rows


def _reminders(rng: random.Random, households: list[int]) -> dict[str, list[object]]:
    rows: dict[str, list[object]] = {name: [] for name in (
        "owner", "sent_at", "channel", "topic", "opened")}  # fmt: skip
    for household in households:
        for _ in range(rng.randint(0, 8)):
            day = LAST_DAY - timedelta(days=rng.randint(0, 540))
            rows["owner"].append(household)
            rows["sent_at"].append(
                datetime.combine(day, time(rng.randint(7, 20), rng.randint(0, 59)))
            )
            rows["channel"].append(rng.choices(("email", "sms"), (75, 25))[0])
            rows["topic"].append(rng.choice(("vaccine_due", "checkup_due", "birthday", "promo")))
            rows["opened"].append(rng.random() < 0.35)
    return rows


def _blocks(rng: random.Random, households: list[int]) -> dict[str, list[object]]:
    rows: dict[str, list[object]] = {name: [] for name in (
        "household_no", "channel", "reason", "blocked_on")}  # fmt: skip
    for household in rng.sample(households, k=max(1, len(households) // 20)):
        for channel in rng.sample(("email", "sms", "all"), k=rng.choice((1, 1, 2))):
            rows["household_no"].append(household)
            rows["channel"].append(channel)
            rows["reason"].append(rng.choice(("bounce", "complaint", "request")))
            rows["blocked_on"].append(LAST_DAY - timedelta(days=rng.randint(0, 900)))
    return rows


def _clinics() -> dict[str, list[object]]:
    return {
        "clinic": list(CLINICS),
        "clinic_town": ["Lyon", "Lyon", "Grenoble", "Annecy", "Chambéry", "Valence"],
        "opened_on": [date(2009 + i, 3, 1) for i in range(len(CLINICS))],
        "switchboard": [f"+33 4 7{i} 00 00 0{i}" for i in range(len(CLINICS))],
    }


_TYPES = {"weight_kg": "DECIMAL(5,1)", "amount_eur": "DECIMAL(8,2)"}


def write_vet_database(path: Path, *, households: int = 3000, seed: int = 11) -> Path:
    """Write the clinics database to ``path`` (replaced if it exists) and return the path."""
    rng = random.Random(seed)
    owners = _households(rng, households)
    keys = [int(str(k)) for k in owners["household_no"]]
    pets = _pets(rng, keys)
    tables = {
        "households": owners,
        "pets": pets,
        "visits": _visits(rng, pets),
        "appointments": _appointments(rng, pets),
        "reminders": _reminders(rng, keys),
        "contact_blocks": _blocks(rng, keys),
        "clinics": _clinics(),
    }
    path.unlink(missing_ok=True)
    with duckdb.connect(str(path)) as con:
        for name, columns in tables.items():
            con.register("incoming", pa.table(columns))
            casts = ", ".join(
                f'CAST("{c}" AS {_TYPES[c]}) AS "{c}"' if c in _TYPES else f'"{c}"' for c in columns
            )
            con.execute(f'CREATE TABLE "{name}" AS SELECT {casts} FROM incoming')
            con.unregister("incoming")
    return path


if __name__ == "__main__":
    target = Path(sys.argv[1])
    size = int(sys.argv[2]) if len(sys.argv) > 2 else 3000
    print(write_vet_database(target, households=size))
