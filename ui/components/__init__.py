"""Rendering helpers shared by the pages (no business logic: they draw what the packages return)."""
