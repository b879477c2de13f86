"""Onda, a mobile, broadband, TV and streaming operator: an eval domain unlike the demo retailer."""
