"""``perimeter ask`` and ``perimeter chat``: a request in words → plan, count, sample and SQL.

``ask --json`` prints at least ``{"status", "explanation", "rules", "count", "sql"}``; ``rules`` is
``RuleTree.model_dump(mode="json")``, exactly what ``perimeter count`` reads. Exit codes: 0 a plan
(proposal, clarification or refusal) was made, 1 the model or the database failed, 2 the input or
the configuration is wrong.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from assistant import (
    AssistantError,
    Clarification,
    ClarificationOption,
    Conversation,
    Counter,
    Planner,
    PlannerConfigError,
    PlanningError,
    Proposal,
    Refusal,
    Turn,
    choose_option,
    open_planner,
    plan,
)
from audience.compile import compile_rules, render_sql
from audience.engine import AudienceEngine
from audience.errors import AudienceError, DatabaseNotFoundError
from audience.rules import describe_rules
from languages import Lang
from schema_catalog import Catalog, CatalogError, load_catalog, resolve_as_of_from_file
from settings import Settings
from ui.cli.options import JsonOpt, LangOpt, PlannerOpt, language_option, settings_option
from ui.cli.output import INPUT_ERROR, RUN_ERROR, fail, no_database, print_error

QUIT_WORDS = frozenset({"exit", "quit", ":q"})

PlanResult = Proposal | Clarification | Refusal
SampleOpt = Annotated[int, typer.Option("--sample", help="Masked sample profiles to show.")]


def register(app: typer.Typer) -> None:
    """Add ``ask`` and ``chat`` to the root app."""
    app.command("ask")(ask)
    app.command("chat")(chat)


def ask(
    text: Annotated[str, typer.Argument(help="The request, in plain words.")],
    planner: PlannerOpt = None,
    conversation: Annotated[
        Path | None,
        typer.Option(
            "--conversation", help="JSON list of earlier turns {role, text, rules, notices}."
        ),
    ] = None,
    as_json: JsonOpt = False,
    lang: LangOpt = "en",
    sample: SampleOpt = 5,
) -> None:
    """Plan one request; print the explanation, coverage, count, masked sample and SQL."""
    language = language_option(lang, as_json)
    settings = settings_option(planner, as_json)
    catalog = _catalog(settings, as_json)
    history = _read_conversation(conversation, as_json) if conversation else Conversation()
    with _engine_counter(settings, catalog) as counter:
        result = _plan(text, history, catalog, settings, as_json, counter)
    report = _report(result, catalog, settings, sample)
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False, default=str))
    else:
        _print_result(result, report, catalog, language)
    if report.get("error"):
        raise typer.Exit(RUN_ERROR)


def chat(planner: PlannerOpt = None, lang: LangOpt = "en", sample: SampleOpt = 3) -> None:
    """Talk to the planner in the terminal; refine turn by turn. Quit with 'exit' or Ctrl-D."""
    language = language_option(lang, False)
    settings = settings_option(planner, False)
    catalog = _catalog(settings, False)
    try:
        # 'local' may start the bundled model here; leaving the block stops it, even on Ctrl-C.
        with open_planner(settings.llm) as chosen, _engine_counter(settings, catalog) as counter:
            _chat_loop(chosen, catalog, settings, (language, sample), counter)
    except AssistantError as error:
        code = INPUT_ERROR if isinstance(error, PlannerConfigError) else RUN_ERROR
        fail(str(error), code, False)


def _chat_loop(
    chosen: Planner,
    catalog: Catalog,
    settings: Settings,
    display: tuple[Lang, int],
    counter: Counter | None,
) -> None:
    """Read requests until 'exit' or end of input; a failed plan is shown and the chat goes on."""
    lang, sample = display
    history = Conversation()
    pending: Clarification | None = None
    typer.echo(f"Perimeter chat ({chosen.name} planner). Type 'exit' or press Ctrl-D to quit.")
    while (line := _read_line()) is not None:
        text, picked = _pick_option(line.strip(), pending)
        if text.lower() in QUIT_WORDS:
            break
        if not text:
            continue
        try:
            if picked is not None and pending is not None:
                result: PlanResult = choose_option(pending, picked, catalog, counter)
            else:
                result = plan(text, history, catalog, chosen, counter)
        except (AssistantError, AudienceError) as error:
            print_error(str(error), getattr(error, "issues", []))
            continue
        report = _report(result, catalog, settings, sample)
        _print_result(result, report, catalog, lang)
        history = _remember(history, text, result)
        pending = result if isinstance(result, Clarification) else None


def _read_line() -> str | None:
    typer.echo("\nyou> ", nl=False)
    line = sys.stdin.readline()
    return line if line else None  # '' means end of input (Ctrl-D)


def _pick_option(
    text: str, pending: Clarification | None
) -> tuple[str, ClarificationOption | None]:
    """A number answers the pending clarification: that option's tree, or its request text."""
    if pending is not None and text.isdigit() and 1 <= int(text) <= len(pending.options):
        option = pending.options[int(text) - 1]
        if option.rules is not None:
            return option.label, option
        return option.request or option.label, None
    return text, None


@contextlib.contextmanager
def _engine_counter(settings: Settings, catalog: Catalog) -> Iterator[Counter | None]:
    """The engine's count for the planning pipeline, or None when there is no database yet."""
    try:
        engine = AudienceEngine(settings.database_target, catalog)
    except DatabaseNotFoundError:
        yield None
        return
    with engine:
        yield lambda tree: engine.count(tree).count


def _remember(history: Conversation, text: str, result: PlanResult) -> Conversation:
    said = history.add(Turn(role="user", text=text))
    if isinstance(result, Proposal):
        return said.add(
            Turn(
                role="assistant",
                text=result.explanation,
                rules=result.rules,
                notices=result.notices,
            )
        )
    reply = result.question if isinstance(result, Clarification) else result.reason
    return said.add(Turn(role="assistant", text=reply))


# --- inputs ---------------------------------------------------------------------------------


def _catalog(settings: Settings, as_json: bool) -> Catalog:
    try:
        catalog = load_catalog(settings.catalog_dir)
        return resolve_as_of_from_file(catalog, settings.database_path)
    except (CatalogError, OSError) as error:
        fail(f"Cannot load the catalog: {error}", INPUT_ERROR, as_json)


def _read_conversation(path: Path, as_json: bool) -> Conversation:
    """A JSON list of turns (or ``{"turns": [...]}``) into a Conversation."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        turns = data["turns"] if isinstance(data, dict) else data
        return Conversation.model_validate({"turns": turns})
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError) as error:
        fail(f"Cannot read the conversation file {str(path)!r}: {error}.", INPUT_ERROR, as_json)
    except ValidationError as error:
        fail(
            f"The conversation file {str(path)!r} is not a list of turns "
            f"({error.error_count()} problem(s)); each turn is {{role, text, rules?, notices?}}.",
            INPUT_ERROR,
            as_json,
        )


def _plan(
    text: str,
    history: Conversation,
    catalog: Catalog,
    settings: Settings,
    as_json: bool,
    counter: Counter | None = None,
) -> PlanResult:
    try:
        with open_planner(settings.llm) as chosen:
            return plan(text, history, catalog, chosen, counter)
    except PlannerConfigError as error:
        fail(str(error), INPUT_ERROR, as_json)
    except PlanningError as error:
        fail(str(error), RUN_ERROR, as_json, issues=error.issues)
    except (AssistantError, AudienceError) as error:
        fail(str(error), RUN_ERROR, as_json)


# --- the report -----------------------------------------------------------------------------


def _report(
    result: PlanResult, catalog: Catalog, settings: Settings, sample: int
) -> dict[str, object]:
    """The JSON report: the plan, plus count, SQL and sample for a proposal."""
    report: dict[str, object] = {"status": result.status, "rules": None, "count": None}
    report["as_of"] = catalog.as_of_text()
    report["sql"] = None
    report["usage"] = result.usage.model_dump(mode="json") if result.usage else None
    report["language"] = result.language
    if isinstance(result, Clarification):
        report["explanation"] = result.question
        report.update(question=result.question, term=result.term)
        report["options"] = [option.model_dump(mode="json") for option in result.options]
        return report
    if isinstance(result, Refusal):
        report.update(explanation=result.reason, reason=result.reason, category=result.category)
        report["asks_for"] = result.asks_for
        return report
    report.update(result.model_dump(mode="json", include={"explanation", "rules", "coverage"}))
    report.update(result.model_dump(mode="json", include={"assumptions", "changes", "issues"}))
    report.update(expected_size=result.expected_size, notices=list(result.notices))
    report["sql"] = render_sql(compile_rules(result.rules, catalog))
    report.update(_measure(result, catalog, settings, sample))
    return report


def _measure(
    result: Proposal, catalog: Catalog, settings: Settings, sample: int
) -> dict[str, object]:
    path = settings.database_target
    try:
        with AudienceEngine(path, catalog) as engine:
            counted = engine.count(result.rules)
            rows = engine.sample(result.rules, sample) if sample > 0 else None
    except DatabaseNotFoundError:
        return {"error": no_database(path, settings.demo_in_use)}
    except AudienceError as error:
        return {"error": str(error)}
    measured: dict[str, object] = {"count": counted.count, "sql": counted.sql}
    measured["elapsed_ms"] = round(counted.elapsed_ms, 2)
    if rows is not None:
        measured["sample"] = {"columns": list(rows.columns), "rows": list(rows.rows)}
    return measured


def _print_result(
    result: PlanResult, report: dict[str, object], catalog: Catalog, lang: Lang
) -> None:
    if isinstance(result, Clarification):
        typer.echo(f"Question: {result.question}")
        for number, option in enumerate(result.options, start=1):
            size = "" if option.count is None else f"  ({option.count:,} profiles)"
            typer.echo(f"  {number}. {option.label}{size}")
        return
    if isinstance(result, Refusal):
        typer.echo(f"Refused ({result.category}): {result.reason}")
        return
    typer.echo(result.explanation)
    perimeter = describe_rules(result.rules, catalog, lang=lang).text
    if perimeter != result.explanation:
        typer.echo(f"\nPerimeter: {perimeter}")
    _print_coverage(result)
    for title, lines in (("Assumptions", result.assumptions), ("Changes", result.changes)):
        if lines:
            typer.echo(f"\n{title}:\n" + "\n".join(f"  - {line}" for line in lines))
    for issue in result.issues:
        typer.echo(f"  ! {issue.render()}")
    _print_numbers(report)


def _print_coverage(result: Proposal) -> None:
    typer.echo("\nCoverage:")
    for item in result.coverage:
        target = item.rule_path or "NOT COVERED (dropped)"
        note = f"  ({item.note})" if item.note else ""
        typer.echo(f"  {item.phrase!r:<32} -> {target}{note}")
    if not result.coverage:
        typer.echo("  (no coverage map)")


def _print_numbers(report: dict[str, object]) -> None:
    if report.get("error"):
        typer.echo(f"\nCount: unavailable. {report['error']}")
    else:
        as_of = f", data as of {report['as_of']}" if report.get("as_of") else ""
        typer.echo(f"\nCount: {report['count']:,} profiles{as_of}")
    sample = report.get("sample")
    if isinstance(sample, dict) and sample["rows"]:
        typer.echo("\nSample (PII masked):")
        typer.echo("  " + " | ".join(sample["columns"]))
        for row in sample["rows"]:
            typer.echo("  " + " | ".join(str(row[column]) for column in sample["columns"]))
    typer.echo(f"\nSQL (duckdb):\n{report['sql']}")
