"""Profile keys as Python values: whatever type the catalog's key column has.

Integer keys stay ``int``; text keys (``C0001234``), UUIDs and anything else become ``str``, so
member lists, hashes, approvals and exports never depend on the demo's integer ids.
"""

from __future__ import annotations

from collections.abc import Iterable

ProfileKey = int | str
"""One profile's key: an integer, or text (UUIDs and other types are read as their text)."""


def profile_key(value: object) -> ProfileKey:
    """A key read from the database as a ``ProfileKey``.

    >>> profile_key(42), profile_key("C0001234"), profile_key(7.0)
    (42, 'C0001234', 7)

    Raises:
        ValueError: the key is missing (None) or a boolean.
    """
    if value is None or isinstance(value, bool):
        raise ValueError(f"A profile key cannot be {value!r}.")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return str(value)


def sorted_keys(keys: Iterable[ProfileKey]) -> list[ProfileKey]:
    """Keys in their canonical order: integers numerically, then text by code point.

    The order is the same on every engine (databases sort text by their own collation), so a
    member list hashes the same wherever it was counted.

    >>> sorted_keys(["b", 10, "a", 2])
    [2, 10, 'a', 'b']
    """
    return sorted(keys, key=lambda key: (isinstance(key, str), key))  # type: ignore[return-value]
