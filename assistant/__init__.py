"""Assistant: natural-language requests to validated rule trees (offline or OpenAI-compatible)."""
