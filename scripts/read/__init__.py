"""Reading entries: safe YAML with the line and column of every value, values converted by
field type, entry files and registries into rows."""
