"""Eval domains: a catalog folder, a deterministic data generator and golden datasets each."""

from evals.domains.data import domain_database, generate_domain_data
from evals.domains.registry import DEMO, DOMAINS, Domain, domain_of_catalog, get_domain

__all__ = [
    "DEMO",
    "DOMAINS",
    "Domain",
    "domain_database",
    "domain_of_catalog",
    "generate_domain_data",
    "get_domain",
]
