"""Language packs: the words of each language, as data (``languages/<code>/<topic>.yml``).

``Lang`` is the one language type (an ISO 639-1 code with a pack on disk); ``available_languages``
lists the packs; ``load_topic`` reads one topic file into the caller's pydantic model.
"""

from languages.errors import LanguageError, LanguagePackError, UnknownLanguageError
from languages.formats import NumberFormat, format_number, number_format
from languages.packs import (
    DEFAULT_LANG,
    PACKS_DIR,
    Lang,
    LanguageInfo,
    available_languages,
    check_lang,
    has_topic,
    language_name,
    load_topic,
    read_topic,
    topic_file,
)
from languages.problems import (
    Param,
    ProblemWords,
    WordedError,
    Wording,
    problem_words,
    say,
    word,
)

__all__ = [
    "DEFAULT_LANG",
    "PACKS_DIR",
    "Lang",
    "LanguageError",
    "LanguageInfo",
    "LanguagePackError",
    "NumberFormat",
    "Param",
    "ProblemWords",
    "UnknownLanguageError",
    "WordedError",
    "Wording",
    "available_languages",
    "check_lang",
    "format_number",
    "has_topic",
    "language_name",
    "load_topic",
    "number_format",
    "problem_words",
    "read_topic",
    "say",
    "topic_file",
    "word",
]
