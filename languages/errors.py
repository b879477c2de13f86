"""Errors of the languages package: one root, a docstring per subclass."""

from __future__ import annotations


class LanguageError(Exception):
    """Root of every error raised by ``languages``."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message if hint is None else f"{message} {hint}")
        self.message = message
        self.hint = hint


class UnknownLanguageError(LanguageError, LookupError):
    """No language pack for that code; ``code`` holds it, the hint lists the packs there are."""

    def __init__(self, code: str, available: tuple[str, ...]) -> None:
        super().__init__(
            f"No language pack for {code!r}.",
            hint=f"Use one of: {', '.join(available)}; a new language is a folder "
            "languages/<code>/ with one YAML file per topic.",
        )
        self.code = code


class LanguagePackError(LanguageError):
    """A language pack file is missing, unreadable or does not match its model; names file:line."""

    def __init__(
        self, message: str, *, file: str, line: int | None = None, hint: str | None = None
    ) -> None:
        where = f"{file}:{line}" if line is not None else file
        super().__init__(f"{where}: {message}", hint=hint)
        self.file = file
        self.line = line
