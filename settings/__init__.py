"""The one settings object, at the bottom of the import layers; nothing else reads os.environ."""

from settings.settings import LlmSettings, PlannerName, Settings, load_settings

__all__ = ["LlmSettings", "PlannerName", "Settings", "load_settings"]
