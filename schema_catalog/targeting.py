"""Targeting policy: who and what may never be targeted, declared by the catalog, not the code.

Three kinds of protection, each enforced by the rule validator (issues with codes and paths) and
therefore by every planner:

- **Personal data** (columns with ``pii: true``) and the profile key allow no value predicates,
  only ``is_set`` / ``is_not_set``: exact counts over value predicates would reveal the values.
- **Sensitive data** (columns or indicators with ``sensitive: true``, the special categories of
  personal data) may not be used in rules at all; ``sensitive_topics`` name such categories the
  catalog does not hold, with the words people use for them, so requests about them are refused.
- **Restrictions** (``restrictions``) name profiles that may never be targeted, such as minors:
  a rule aiming only at them is refused, and every compiled audience excludes them.

Example (``catalog.yml``)::

    targeting:
      restrictions:
        - name: minors
          field: age            # an indicator, or 'table.column' of the profile or a 1:1 table
          below: 18             # or values: [...] for a categorical or boolean field
          unknown: include      # profiles whose value is unknown: include (default) or exclude
          reason: People under 18 are never targeted.
      sensitive_topics:
        - name: health
          words: [health, medical, illness, santé, maladie]
          reason: Health data is a special category of personal data; it is never targeted.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, model_validator

RestrictedValue = str | int | float | bool


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class UnknownValues(StrEnum):
    """What a restriction does with profiles whose field is unknown (NULL or no row)."""

    INCLUDE = "include"
    """They may be targeted (nothing says they are protected)."""
    EXCLUDE = "exclude"
    """They are protected too (nothing proves they are not)."""


class Restriction(_Frozen):
    """Profiles that may never be targeted: ``field`` below a floor, or holding one of ``values``.

    >>> Restriction(name="minors", field="age", below=18, reason="Adults only.").describe()
    'age below 18'
    """

    name: str
    field: str
    """An indicator name, or ``table.column`` of the profile table or of a 1:1 table."""
    below: float | None = None
    """A floor: profiles whose value is lower are protected (numeric fields)."""
    values: tuple[RestrictedValue, ...] | None = None
    """Protected values of a categorical or boolean field."""
    unknown: UnknownValues = UnknownValues.INCLUDE
    reason: str
    """Shown to the person whose rule is refused, e.g. 'People under 18 are never targeted.'"""

    @model_validator(mode="after")
    def _one_bound(self) -> Restriction:
        if (self.below is None) == (self.values is None):
            raise ValueError("a restriction needs exactly one of 'below' or 'values'")
        if self.values is not None and not self.values:
            raise ValueError("'values' of a restriction may not be empty")
        return self

    def describe(self) -> str:
        """The protected range in a few words."""
        if self.below is not None:
            return f"{self.field} below {self.below:g}"
        return f"{self.field} in {', '.join(str(v) for v in self.values or ())}"


class SensitiveTopic(_Frozen):
    """A special category of data (health, religion…) requests may name but never target."""

    name: str
    words: tuple[str, ...]
    """Words and phrases that name the topic, in every language the catalog serves."""
    reason: str


class TargetingPolicy(_Frozen):
    """The catalog's targeting policy (see the module docstring)."""

    restrictions: tuple[Restriction, ...] = ()
    sensitive_topics: tuple[SensitiveTopic, ...] = ()

    def restrictions_on(self, field: str) -> tuple[Restriction, ...]:
        """Restrictions whose field is ``field`` (an indicator name or ``table.column``)."""
        return tuple(r for r in self.restrictions if r.field == field)
