"""The perimeter command line; one module per area, each with register(app)."""
