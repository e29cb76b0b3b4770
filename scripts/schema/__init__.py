"""The definitions: schemas/ read into tables and fields, and the rule language their
conditions are written in."""
