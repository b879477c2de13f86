"""Contacts fit for their channel, and CSV cells a spreadsheet will not run.

**Validation.** An exported contact must match its channel's ``contact_format`` in the catalog:
an email address (``email``), an E.164 number (``phone``), a device token (``device_token``), or
printable text of at most 320 characters not starting like a formula (``text``). Rows that fail
are left out of the export and counted in the manifest (``contacts_rejected``), never silently.

**Neutralising.** In CSV, a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is a formula to a spreadsheet (OWASP "CSV injection"): it is prefixed with ``'`` unless it
is a plain signed number such as an E.164 phone number, which no spreadsheet can execute.
"""

from __future__ import annotations

import re

import pyarrow as pa

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9][0-9 ]*")
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
CONTACT_FORMATS: dict[str, re.Pattern[str]] = {
    "email": re.compile(rf"[A-Za-z0-9._%+!#$&*/?^`{{|}}~'-]{{1,64}}@{_LABEL}(?:\.{_LABEL})+"),
    "phone": re.compile(r"\+[1-9][0-9]{6,14}"),
    "device_token": re.compile(r"[A-Za-z0-9_:.\-]{8,4096}"),
}
_GENERIC = re.compile(r"[^\x00-\x1f\x7f-\x9f]{1,320}")


def valid_contact(contact_format: str, value: object) -> bool:
    """True if ``value`` is a usable contact of this format.

    >>> valid_contact("email", "ana@example.com"), valid_contact("email", "=cmd|x")
    (True, False)
    >>> valid_contact("phone", "+33612345678"), valid_contact("phone", "+cmd")
    (True, False)
    """
    if not isinstance(value, str) or value[:1] in ("=", "@", "\t", "\r", "-"):
        return False
    pattern = CONTACT_FORMATS.get(contact_format, _GENERIC)
    return pattern.fullmatch(value) is not None


def keep_valid_contacts(table: pa.Table, column: str, contact_format: str) -> tuple[pa.Table, int]:
    """The rows whose ``column`` holds a valid contact of this format, and how many did not."""
    if table.num_rows == 0 or column not in table.column_names:
        return table, 0
    contacts = table.column(column).to_pylist()
    mask = pa.array([valid_contact(contact_format, value) for value in contacts], type=pa.bool_())
    kept = table.filter(mask)
    return kept, table.num_rows - kept.num_rows


def neutralise_cell(value: str) -> str:
    """A CSV cell a spreadsheet shows as text, never evaluates.

    >>> neutralise_cell("=HYPERLINK(1)"), neutralise_cell("+33612345678"), neutralise_cell("ana")
    ("'=HYPERLINK(1)", '+33612345678', 'ana')
    """
    if value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def neutralise_table(table: pa.Table) -> pa.Table:
    """Every text cell of ``table`` through ``neutralise_cell`` (other columns unchanged)."""
    columns = []
    for column in table.columns:
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            values = [None if v is None else neutralise_cell(v) for v in column.to_pylist()]
            columns.append(pa.array(values, type=column.type))
        else:
            columns.append(column)
    return pa.table(columns, names=table.column_names)
