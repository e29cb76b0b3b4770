"""Deriving values: amounts, dates and codes normalised, derived columns filled, fact ids."""
