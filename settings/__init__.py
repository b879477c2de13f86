"""The one settings object, at the bottom of the import layers; nothing else reads os.environ."""

from settings.settings import Settings, load_settings

__all__ = ["Settings", "load_settings"]
