"""The demo brand, Maison Lumière: its catalog (the YAML files here) and its data generator."""

from schema_catalog.demo.data import (
    DEFAULT_CUSTOMERS,
    DEFAULT_SEED,
    DemoDataError,
    DemoDataReport,
    ensure_demo_database,
    generate_demo_data,
)

__all__ = [
    "DEFAULT_CUSTOMERS",
    "DEFAULT_SEED",
    "DemoDataError",
    "DemoDataReport",
    "ensure_demo_database",
    "generate_demo_data",
]
