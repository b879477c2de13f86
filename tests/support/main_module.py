"""The interpreter's ``__main__`` module, kept for the processes a test starts.

Streamlit's script runner installs each script it runs (every ``AppTest`` run) as
``sys.modules['__main__']`` and never puts the real one back. A process started later by
``spawn`` or ``forkserver`` re-runs ``__main__.__file__`` as its own main module: after an
``AppTest.from_function`` that is a temporary file ending in ``f(*__args, **__kwargs)``, which
fails in the child with ``NameError: name '__args' is not defined`` (the concurrency tests'
children died so when an AppTest had run before them in the same worker).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def main_module_kept() -> Iterator[None]:
    """Put the ``__main__`` module of entry back when the block ends, whatever ran inside."""
    main = sys.modules["__main__"]
    try:
        yield
    finally:
        sys.modules["__main__"] = main
