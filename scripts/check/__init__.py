"""Checking: the proof (quotes against the archived texts), keys and rules, the pandera
schemas, and the runner that checks a whole corpus with its cache."""
