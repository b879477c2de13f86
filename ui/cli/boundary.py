"""The workflow commands' boundary: the service for this workspace, errors as exit codes.

Exit codes (``ui.cli.output``): 0 ok, 1 engine or store failure, 2 bad input (file, rules,
unknown audience, id), 3 refused (not signed in, state, four-eyes, role, rights, drift), 4 the
audit log does not verify.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyarrow as pa
import typer

from assistant import AssistantError, PlanningError, RequestRejectedError
from audience.errors import (
    AudienceError,
    AuditTamperedError,
    InputFileError,
    ReasonRequiredError,
    RuleFormatError,
    RuleValidationError,
    UnknownAudienceError,
    WorkflowError,
)
from audience.rules import RuleTree
from audience.workflow import (
    AudienceRecord,
    AudienceService,
    CountLike,
    Segments,
    User,
    WaterfallLike,
    open_workspace_store,
    workspace_of,
)
from languages import say
from schema_catalog import (
    Catalog,
    CatalogError,
    ProfileKey,
    load_catalog,
    resolve_as_of_from_file,
)
from settings import Settings, load_settings
from ui.cli.output import INPUT_ERROR, REFUSED, RUN_ERROR, TAMPERED, fail
from ui.cli.session import acting_user

if TYPE_CHECKING:
    from audience.engine import AudienceEngine

_ID = re.compile(r"[0-9]{1,18}")


class LazyEngine:
    """Opens the engine on first use, so read-only commands never need the database."""

    def __init__(self, settings: Settings, catalog: Catalog) -> None:
        self._settings, self._catalog = settings, catalog
        self._engine: AudienceEngine | None = None

    def _real(self) -> AudienceEngine:
        if self._engine is None:
            from audience.engine import AudienceEngine
            from schema_catalog.demo import ensure_demo_database

            server = self._settings.database_is_server
            database = self._settings.database_target if server else None
            self._engine = AudienceEngine(
                database or ensure_demo_database(self._settings), self._catalog
            )
        return self._engine

    def count(self, tree: RuleTree, *, segments: Segments | None = None) -> CountLike:
        return self._real().count(tree, segments=segments)

    def member_ids(self, tree: RuleTree, *, segments: Segments | None = None) -> list[ProfileKey]:
        return self._real().member_ids(tree, segments=segments)

    def member_batches(
        self, tree: RuleTree, *, segments: Segments | None = None, batch_size: int = 10_000
    ) -> Iterator[list[ProfileKey]]:
        return self._real().member_batches(tree, segments=segments, batch_size=batch_size)

    def waterfall(
        self, tree: RuleTree, channel: str, *, segments: Segments | None = None
    ) -> WaterfallLike:
        return self._real().waterfall(tree, channel, segments=segments)

    def eligible_contacts(self, channel: str, member_ids: Sequence[ProfileKey]) -> pa.Table:
        return self._real().eligible_contacts(channel, member_ids)

    def snapshot_id(self) -> str:
        return self._real().snapshot_id()

    def data_identity(self) -> dict[str, object]:
        return self._real().data_identity()


@dataclass(frozen=True)
class Workflow:
    """What a workflow command works with: the service, the settings and who is acting."""

    service: AudienceService
    settings: Settings
    user: User | None


def emit(payload: Mapping[str, object], as_json: bool, text: str) -> None:
    """Print the payload as one JSON object, or the text."""
    typer.echo(json.dumps(payload, default=str, ensure_ascii=False) if as_json else text)


@contextmanager
def workflow(as_json: bool, *, signed_in: bool = True) -> Iterator[Workflow]:
    """The workflow for this workspace, acting as the token's user (``signed_in``); every
    package error becomes a message and an exit code (see the module doc)."""
    try:
        settings = load_settings()
        catalog = load_catalog(settings.catalog_dir)
        catalog = resolve_as_of_from_file(catalog, settings.database_path)
        workspace = workspace_of(settings)
        store = open_workspace_store(settings)
        service = AudienceService(store, catalog, LazyEngine(settings, catalog), workspace)
        user = acting_user(settings, store, workspace) if signed_in else None
        yield Workflow(service, settings, user)
    except (RuleValidationError, RuleFormatError) as error:
        fail(str(error), INPUT_ERROR, as_json, issues=error.issues, type=type(error).__name__)
    except (UnknownAudienceError, InputFileError, RequestRejectedError, PlanningError) as error:
        fail(str(error), INPUT_ERROR, as_json, type=type(error).__name__)
    except ReasonRequiredError as error:
        fail(str(error), REFUSED, as_json, type=type(error).__name__, size=error.size,
             flags=error.flags)  # fmt: skip
    except WorkflowError as error:
        fail(str(error), REFUSED, as_json, type=type(error).__name__)
    except AuditTamperedError as error:
        fail(str(error), TAMPERED, as_json, type=type(error).__name__)
    except (CatalogError, AudienceError, AssistantError, OSError) as error:
        fail(str(error), RUN_ERROR, as_json, type=type(error).__name__)


def resolve(service: AudienceService, ref: str) -> AudienceRecord:
    """An audience by id (ASCII digits, at most 18) or by exact name.

    Raises:
        UnknownAudienceError: no such audience, or a malformed id.
    """
    if _ID.fullmatch(ref):
        return service.get(int(ref))
    if ref.strip().lstrip("+-").isdigit() or ref.isdecimal():
        message = say("not_an_audience_id", ref=repr(ref))
        raise UnknownAudienceError(message, hint=say("ids_are_numbers"))
    return service.get_by_name(ref)
