"""Activation channels and the suppression list, as the catalog declares them.

A channel is a name the business uses (``email``, ``sms``, ``push``, ``whatsapp``, ``postal``…),
never a fixed list in the code: each names its consent flag, its contact column, the format of
that contact (so exports can check it) and which suppression-list rows block it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from languages import Lang

CHANNEL_NAME_PATTERN = r"^[a-z][a-z0-9_]{0,31}$"
"""Channel names: lower-case letters, digits and underscores, starting with a letter."""

ChannelName = Annotated[str, StringConstraints(pattern=CHANNEL_NAME_PATTERN)]
"""The name of a channel declared in the catalog, e.g. 'email' or 'whatsapp'."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ContactFormat(StrEnum):
    """What a channel's contact column holds; exports validate contacts against it.

    ``email``: an address ``local@domain``. ``phone``: an E.164 number (``+`` and 8–15 digits).
    ``device_token``: an opaque push token (no spaces). ``text``: free text (a postal address, a
    user name on a messaging app), only required to be non-empty.
    """

    EMAIL = "email"
    PHONE = "phone"
    DEVICE_TOKEN = "device_token"
    TEXT = "text"


class Channel(_Frozen):
    """An activation channel: who consented, where the contact is, what blocks it.

    >>> Channel(name="whatsapp", label="WhatsApp", consent="c.wa", contact="p.phone",
    ...         contact_format="phone").blocked_by("all")
    ('whatsapp', 'all')
    """

    name: ChannelName
    label: str
    """The name people read, e.g. 'Email'."""
    labels: dict[Lang, str] = Field(default_factory=dict)
    """The label per language code, e.g. {fr: E-mail, de: E-Mail}; a language without one
    reads ``label``."""
    synonyms: tuple[str, ...] = ()
    consent: str
    """``table.column`` of a boolean consent flag."""
    contact: str
    """``table.column`` of the address (email, phone, push token, postal address)."""
    contact_format: ContactFormat = ContactFormat.TEXT
    """What the contact column holds; exports check each contact against it."""
    export_columns: tuple[str, ...] = ()
    """More ``table.column`` fields written to the export next to the contact (profile or 1:1
    tables), e.g. the postcode and city of a postal address."""
    suppressed_by: tuple[str, ...] = ()
    """Values of the suppression list's channel column that block this channel, besides the
    list's ``all_value``; empty means the channel's own name."""

    def label_in(self, lang: Lang) -> str:
        """The label for ``lang``, else the default label.

        >>> Channel(name="post", label="Postal mail", labels={"fr": "Courrier"}, consent="c.p",
        ...         contact="p.address").label_in("fr")
        'Courrier'
        """
        return self.labels.get(lang) or self.label

    def blocked_by(self, all_value: str) -> tuple[str, ...]:
        """Every suppression-list value that blocks this channel (its scope)."""
        return (*(self.suppressed_by or (self.name,)), all_value)


class Suppression(_Frozen):
    """The suppression list: rows that block a profile on one channel or all (``all_value``).

    A list without a channel column (a do-not-contact table) sets ``channel_column: null``:
    then every row blocks its profile on every channel.
    """

    table: str
    channel_column: str | None = "channel"
    """The column naming the channel a row blocks; ``None``: every row blocks every channel."""
    all_value: str = "all"
    """The value of ``channel_column`` that blocks every channel."""
