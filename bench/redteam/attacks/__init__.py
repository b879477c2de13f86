"""The attack list, one module per finding class (see ``bench/redteam/common.py``).

Importing this package registers every attack in ``ATTACKS`` in the order of the classes.
"""

from __future__ import annotations

from bench.redteam.attacks import (  # noqa: F401 - imported to register their attacks
    c1_workspace,
    c2_cli_identity,
    c3_stale_engine,
    c4_planted_export,
    c5_pii_counts,
    c6_audit,
    low,
    medium,
)
from bench.redteam.common import ATTACKS, Attack

__all__ = ["ATTACKS", "Attack"]
