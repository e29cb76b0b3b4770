"""Contributors' tools: `make new` (a skeleton entry) and the editors' JSON Schema."""
