"""The site: pages generated from the published package (escape.py is the only way data
reaches a page), then built by mkdocs."""
