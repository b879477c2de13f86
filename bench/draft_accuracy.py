"""Draft accuracy: how many of ``perimeter catalog draft``'s guesses are right, per kind of guess.

Usage (from the repository root)::

    .venv/bin/python bench/draft_accuracy.py [--households 3000]

Drafts five databases and compares every guess with a hand-written truth:

- the clinics database of ``tests/support/vet_db.py`` (an unlike business: households keyed by
  ``household_no``, references named four ways, DATE events, bookings ahead), truth below;
- a gyms database written after the heuristics were frozen (``bench/unseen_gym.py``);
- the grocery and telecom eval domains of ``evals/domains`` (written by another workstream, never
  seen while writing the heuristics), whose truth is their own catalog;
- the demo retailer's database, whose truth is the bundled demo catalog.

Kinds of guess: profile (table + key), table kinds (and left-out tables), joins, event timestamps,
future events, personal data (every column), allowed values (every text column: categorical or
not), measures (every numeric column of an event table), channels and suppression. Prints one
table and writes JSON to ``bench/results/draft_accuracy.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from unseen_gym import GYM_TRUTH, write_gym_database  # noqa: E402

from schema_catalog import (  # noqa: E402
    Catalog,
    ColumnType,
    draft_catalog_from_database,
    load_catalog,
    write_draft,
)
from schema_catalog.demo.data import generate_demo_data  # noqa: E402
from tests.support.vet_db import write_vet_database  # noqa: E402

Verdict = tuple[str, str, bool]
"""(kind of guess, what was guessed, right?)"""

CLINICS_TRUTH: dict[str, object] = {
    "profile": ("households", "household_no"),
    "kinds": {"households": "profile", "pets": "attribute", "visits": "event",
              "appointments": "event", "reminders": "event", "contact_blocks": "attribute",
              "clinics": None},
    "joins": {"pets": "household", "visits": "hh_ref", "appointments": "household_no",
              "reminders": "owner", "contact_blocks": "household_no"},
    "timestamps": {"visits": "visit_day", "appointments": "appointment_day",
                   "reminders": "sent_at"},
    "future": {"appointments"},
    "pii": {"households.family_name", "households.given_name", "households.email_addr",
            "households.mobil"},
    "categorical": {"households.town", "households.language", "households.wellness_plan",
                    "pets.species", "visits.clinic", "visits.reason", "visits.vet_code",
                    "visits.paid_with", "appointments.clinic", "appointments.service",
                    "appointments.status", "reminders.channel", "reminders.topic",
                    "contact_blocks.channel", "contact_blocks.reason"},
    "measures": {"visits.amount_eur"},
    "channels": {"email": ("households.newsletter_ok", "households.email_addr"),
                 "sms": ("households.sms_ok", "households.mobil")},
    "suppression": ("contact_blocks", "channel", "all"),
}  # fmt: skip


def truth_of(catalog: Catalog) -> dict[str, object]:
    """The same truth shape, read from a hand-written catalog (the demo's)."""
    columns = [(t, c) for t in catalog.tables for c in t.columns]
    suppression = catalog.suppression
    return {
        "profile": (catalog.profile.table, catalog.profile.key),
        "kinds": {t.name: t.kind.value for t in catalog.tables},
        "joins": {t.name: t.join.column for t in catalog.tables if t.join},
        "timestamps": {t.name: t.timestamp for t in catalog.event_tables},
        "future": {t.name for t in catalog.event_tables if t.future_events},
        "pii": {f"{t.name}.{c.name}" for t, c in columns if c.pii},
        "categorical": {f"{t.name}.{c.name}" for t, c in columns if c.allowed_values},
        "measures": {f"{t.name}.{m}" for t in catalog.event_tables for m in t.measures},
        "channels": {str(c.name): (c.consent, c.contact) for c in catalog.channels},
        "suppression": (suppression.table, suppression.channel_column, suppression.all_value)
        if suppression
        else None,
    }


def _draft(database: Path, folder: Path) -> Catalog:
    write_draft(draft_catalog_from_database(database), folder)
    return load_catalog(folder)


def judge(draft: Catalog, truth: dict[str, object]) -> Iterator[Verdict]:
    """One verdict per guess."""
    got = truth_of(draft)
    yield "profile", f"{got['profile']}", got["profile"] == truth["profile"]
    kinds: dict[str, object] = truth["kinds"]  # type: ignore[assignment]
    drafted_kinds: dict[str, str] = got["kinds"]  # type: ignore[assignment]
    for name, kind in kinds.items():
        yield "table kind", name, drafted_kinds.get(name) == kind
    for key in ("joins", "timestamps"):
        expected: dict[str, str] = truth[key]  # type: ignore[assignment]
        found: dict[str, str] = got[key]  # type: ignore[assignment]
        for name in sorted(set(expected) | set(found)):
            yield key[:-1], name, expected.get(name) == found.get(name)
    event_names = set(truth["timestamps"])  # type: ignore[arg-type]
    for name in sorted(event_names):
        yield "future events", name, (name in got["future"]) == (name in truth["future"])  # type: ignore[operator]
    yield from _column_verdicts(draft, got, truth, set(kinds))
    channels: dict[str, object] = truth["channels"]  # type: ignore[assignment]
    drafted_channels: dict[str, object] = got["channels"]  # type: ignore[assignment]
    for name in sorted(set(channels) | set(drafted_channels)):
        yield "channel", name, channels.get(name) == drafted_channels.get(name)
    yield "suppression", "suppression", got["suppression"] == truth["suppression"]


def _column_verdicts(
    draft: Catalog, got: dict[str, object], truth: dict[str, object], tables: set[str]
) -> Iterator[Verdict]:
    for table in draft.tables:
        if table.name not in tables:
            continue
        for column in table.columns:
            dotted = f"{table.name}.{column.name}"
            yield "personal data", dotted, (dotted in got["pii"]) == (dotted in truth["pii"])  # type: ignore[operator]
            if column.type is ColumnType.STRING:
                right = (dotted in got["categorical"]) == (dotted in truth["categorical"])  # type: ignore[operator]
                yield "allowed values", dotted, right
            numeric = column.type in (ColumnType.INTEGER, ColumnType.DECIMAL)
            if numeric and table.name in truth["timestamps"]:  # type: ignore[operator]
                right = (dotted in got["measures"]) == (dotted in truth["measures"])  # type: ignore[operator]
                yield "measure", dotted, right


def summarise(verdicts: list[Verdict]) -> dict[str, dict[str, object]]:
    """Right / wrong per kind of guess, with the wrong ones named."""
    summary: dict[str, dict[str, object]] = {}
    for kind, what, right in verdicts:
        entry = summary.setdefault(kind, {"right": 0, "wrong": 0, "wrong_items": []})
        entry["right" if right else "wrong"] += 1  # type: ignore[operator]
        if not right:
            entry["wrong_items"].append(what)  # type: ignore[union-attr]
    return summary


def _domain_verdicts(name: str, work: Path, size: int) -> dict[str, dict[str, object]]:
    """Another workstream's eval domain: its catalog is the truth, its generator the data."""
    from evals.domains.data import generate_domain_data
    from evals.domains.registry import get_domain

    domain = get_domain(name)
    database = work / f"{name}.duckdb"
    generate_domain_data(domain, database, size=size)
    truth = truth_of(domain.load_catalog())
    return summarise(list(judge(_draft(database, work / name), truth)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=3000)
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        clinics = write_vet_database(work / "clinics.duckdb", households=args.households)
        results["clinics"] = summarise(list(judge(_draft(clinics, work / "c"), CLINICS_TRUTH)))
        gyms = write_gym_database(work / "gyms.duckdb", members=args.households)
        results["gyms (unseen)"] = summarise(list(judge(_draft(gyms, work / "g"), GYM_TRUTH)))
        for name in ("grocery", "telecom"):
            results[f"{name} (eval domain, unseen)"] = _domain_verdicts(name, work, args.households)
        demo = work / "demo.duckdb"
        generate_demo_data(demo, customers=args.households, seed=42)
        truth = truth_of(load_catalog())
        results["demo"] = summarise(list(judge(_draft(demo, work / "d"), truth)))
    for database, summary in results.items():
        right = sum(int(str(e["right"])) for e in summary.values())
        wrong = sum(int(str(e["wrong"])) for e in summary.values())
        print(f"\n{database}: {right} right, {wrong} wrong ({right / (right + wrong):.1%})")
        for kind, entry in summary.items():
            print(f"  {kind:<15} {entry['right']:>3} right {entry['wrong']:>3} wrong  "
                  f"{', '.join(entry['wrong_items']) if entry['wrong_items'] else ''}")  # type: ignore[arg-type]  # fmt: skip
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "draft_accuracy.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
