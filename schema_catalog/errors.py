"""Errors of the schema_catalog package: one root, a docstring per subclass."""

from __future__ import annotations


class CatalogError(Exception):
    """Root of every error raised by ``schema_catalog``."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message if hint is None else f"{message} {hint}")
        self.message = message
        self.hint = hint


class CatalogLookupError(CatalogError, LookupError):
    """A table, column, indicator, channel or source name is not in the catalog."""


class CatalogLoadError(CatalogError):
    """A catalog YAML file cannot be read or does not match the model; names file and line."""

    def __init__(
        self,
        message: str,
        *,
        file: str,
        line: int | None = None,
        hint: str | None = None,
        more: tuple[str, ...] = (),
    ) -> None:
        where = f"{file}:{line}" if line is not None else file
        super().__init__(f"{where}: {message}", hint=hint)
        self.file = file
        self.line = line
        self.more = more
        """Further problems found in the same load, each ``file:line: message``."""

    def __str__(self) -> str:
        first = super().__str__()
        if not self.more:
            return first
        return f"{first}\n{len(self.more)} more:\n  " + "\n  ".join(self.more)


class ReaderError(CatalogError):
    """A database could not be opened or refused a read (the message says which and why)."""
