"""Leaves every stage shares: problems reported at `file:line:col`, the one way files a pull
request writes are read, how a value is written in a CSV cell, and the vocabulary of figures."""
