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
          field: customers.birth_date   # 'table.column' of the profile or a 1:1 table, or an
                                        # indicator
          min_years: 18                 # or below: N (numeric), or values: [...] (categorical)
          age_indicators: [age]         # rules on these are checked against the floor too
          unknown: include              # profiles with no value: include (default) or exclude
          reason: People under 18 are never targeted.
          reasons: {fr: Les moins de 18 ans ne sont jamais ciblés.}   # per language code
      sensitive_topics:
        - name: health
          words: [health, medical, illness, santé, maladie]
          reason: Health data is a special category of personal data; it is never targeted.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from languages import Lang, Wording, say, word

RestrictedValue = str | int | float | bool


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class _Reasoned(_Frozen):
    """A protection with a reason shown to people, with translations per language code."""

    reason: str
    """Shown to the person whose rule or request is refused, e.g. 'People under 18 are never
    targeted.'"""
    reasons: dict[Lang, str] = Field(default_factory=dict)
    """The reason per language code, e.g. {fr: Les moins de 18 ans ne sont jamais ciblés.}."""

    def reason_in(self, lang: Lang) -> str:
        """The reason in ``lang``, else the default one.

        >>> SensitiveTopic(name="h", words=("health",), reason="No.",
        ...                reasons={"fr": "Non."}).reason_in("fr")
        'Non.'
        """
        return self.reasons.get(lang) or self.reason


class UnknownValues(StrEnum):
    """What a restriction does with profiles whose field is unknown (NULL or no row)."""

    INCLUDE = "include"
    """They may be targeted (nothing says they are protected)."""
    EXCLUDE = "exclude"
    """They are protected too (nothing proves they are not)."""


class Restriction(_Reasoned):
    """Profiles that may never be targeted: ``field`` below a floor, or holding one of ``values``.

    Exactly one bound: ``below`` (numeric field), ``min_years`` (date field: protected while the
    date is less than that many years before as_of — an age floor on a birth date, cheap to apply
    to every audience) or ``values`` (categorical or boolean field).

    >>> Restriction(name="minors", field="age", below=18, reason="Adults only.").describe()
    'age below 18'
    """

    name: str
    field: str
    """An indicator name, or ``table.column`` of the profile table or of a 1:1 table."""
    below: float | None = None
    """A floor: profiles whose value is lower are protected (numeric fields)."""
    min_years: int | None = None
    """A floor in years on a date: protected while the date is less than this many years
    before as_of (e.g. 18 on a birth date)."""
    age_indicators: tuple[str, ...] = ()
    """With ``min_years``: indicators giving the same measure in whole years (e.g. 'age'), so
    rules on them are checked against the floor too."""
    values: tuple[RestrictedValue, ...] | None = None
    """Protected values of a categorical or boolean field."""
    unknown: UnknownValues = UnknownValues.INCLUDE

    @model_validator(mode="after")
    def _one_bound(self) -> Restriction:
        bounds = [self.below, self.min_years, self.values]
        if sum(bound is not None for bound in bounds) != 1:
            raise ValueError("a restriction needs exactly one of 'below', 'min_years' or 'values'")
        if self.values is not None and not self.values:
            raise ValueError("'values' of a restriction may not be empty")
        if self.age_indicators and self.min_years is None:
            raise ValueError("'age_indicators' needs 'min_years'")
        if self.min_years is not None and self.min_years <= 0:
            raise ValueError("'min_years' must be positive")
        return self

    def describe(self, field: str | None = None) -> str:
        """The protected range in a few words, in English, as read on ``field`` (default: its
        own field); ``wording`` says it in any language.

        >>> Restriction(name="m", field="p.born", min_years=18, age_indicators=("age",),
        ...             reason="r").describe("age")
        'age below 18'
        """
        return word(self.wording(field))

    def wording(self, field: str | None = None) -> Wording:
        """The protected range as a phrase of the language packs (``protected_*`` of
        ``problems.yml``), as read on ``field`` (default: its own field); ``operand`` is the
        field or indicator, which a page names by its label."""
        if self.below is not None:
            return say("protected_below", operand=self.field, floor=_figure(self.below))
        if self.min_years is not None and field in self.age_indicators:
            return say("protected_below", operand=str(field), floor=self.min_years)
        if self.min_years is not None:
            return say("protected_years", operand=self.field, years=self.min_years)
        values = ", ".join(str(v) for v in self.values or ())
        return say("protected_values", operand=self.field, values=values)


def _figure(value: float) -> int | float:
    """A whole floor as an integer (written with the language's separators)."""
    return int(value) if float(value).is_integer() else value


class SensitiveTopic(_Reasoned):
    """A special category of data (health, religion…) requests may name but never target."""

    name: str
    words: tuple[str, ...]
    """Words and phrases that name the topic, in every language the catalog serves."""


class TargetingPolicy(_Frozen):
    """The catalog's targeting policy (see the module docstring)."""

    restrictions: tuple[Restriction, ...] = ()
    sensitive_topics: tuple[SensitiveTopic, ...] = ()

    def restrictions_on(self, field: str) -> tuple[Restriction, ...]:
        """Restrictions on ``field`` (an indicator name or ``table.column``), directly or as one
        of their ``age_indicators``."""
        return tuple(r for r in self.restrictions if field in (r.field, *r.age_indicators))
