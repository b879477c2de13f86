"""Marché Frais, a grocery chain with a loyalty card: an eval domain unlike the demo retailer."""
