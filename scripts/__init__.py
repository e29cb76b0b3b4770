"""Silk Road Ties' build: one package per stage (README.md, "How it is built", is the map;
the layering is the import-linter contract in .importlinter). `python -m scripts` is the
command line (scripts/cli.py)."""
