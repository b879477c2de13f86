"""The one settings object, at the bottom of the import layers; nothing else reads os.environ."""

from settings.settings import (
    POSTGRES_PREFIXES,
    SERVER_PREFIXES,
    LlmSettings,
    PlannerName,
    Settings,
    load_settings,
)

__all__ = [
    "POSTGRES_PREFIXES",
    "SERVER_PREFIXES",
    "LlmSettings",
    "PlannerName",
    "Settings",
    "load_settings",
]
