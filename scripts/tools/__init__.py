"""Developers' tools: the benchmark, the synthetic corpus it runs on, the lock file's hashes."""
