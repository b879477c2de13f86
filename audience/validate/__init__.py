"""Validation: each field, event, indicator, operator, value and window against the catalog.

Returns issues (``schema_catalog.Issue``); the boundary decides whether to raise.
"""

from audience.validate.policy import POLICY_CODES
from audience.validate.ranking import rankable_fields
from audience.validate.validator import MAX_DEPTH, MAX_NODES, validate_rules

__all__ = ["MAX_DEPTH", "MAX_NODES", "POLICY_CODES", "rankable_fields", "validate_rules"]
