"""The binding: each value a record carries, bound to the words of its source that state it."""
