"""Silk Road Ties build tooling: parse -> normalise -> validate -> publish."""
