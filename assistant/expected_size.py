"""The audience size a request says it expects ("about 10,000", "environ 10 000").

Request parsing, so it lives in the assistant; the size policy in ``audience.workflow`` only
compares numbers. The words (approximations, people nouns, scales) are the language packs'; the
reading is the offline parser's own size span, so the CLI, the planners and the size policy agree.
"""

from __future__ import annotations

from datetime import date

from assistant.language import PhraseTable, detect_language
from schema_catalog import Catalog


def expected_size_from_text(text: str, catalog: Catalog | None = None) -> int | None:
    """The size a request says it expects ("about 10,000", "environ 10 000"), or None.

    ``catalog`` (when given) keeps a number that measures a catalog word ('around 100 points')
    from being read as a size.

    >>> expected_size_from_text("VIP customers in Lyon, about 10,000 people")
    10000
    >>> expected_size_from_text("environ 2,5k clientes")
    2500
    >>> expected_size_from_text("bought twice in the last 6 months") is None
    True
    """
    from assistant.offline.lexicon import Lexicon, lexicon_for
    from assistant.offline.scanner import ScanContext, scan
    from assistant.offline.spans import SpanKind
    from assistant.offline.understand import normalised_tokens

    pack = detect_language(text)
    lexicon = lexicon_for(catalog) if catalog is not None else Lexicon(PhraseTable({}))
    tokens, terms = normalised_tokens(text, pack, lexicon)
    as_of = catalog.as_of.date() if catalog is not None else date.today()
    context = ScanContext(pack, lexicon, as_of, terms=tuple(terms))
    sizes = [span.size for span in scan(tokens, text, context) if span.kind is SpanKind.SIZE]
    return sizes[0] if sizes else None
