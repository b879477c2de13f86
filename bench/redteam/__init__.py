"""The issue-16 red team: an attack list written before the fixes, and its runner."""
