"""The vocabulary of figures: the words that write a currency, a scale or a month.

One place for every stage: the derive stage reads an amount with it
(scripts/derive/values.py), the proof finds the same words in a quote
(scripts/check/proof.py). The words that bound a figure or mark its kind are data about
the columns and live with them, as `x-cues` in schemas/columns.yaml.
"""

from __future__ import annotations

import calendar
import re

# A scale word -> its power of ten.
SCALES = {"thousand": 3, "k": 3, "million": 6, "mn": 6, "mln": 6, "m": 6,
          "billion": 9, "bn": 9, "trillion": 12, "tn": 12}

# A currency word or symbol (lower case, single spaces) -> its ISO 4217 code.
CURRENCY_WORDS = {
    "$": "USD", "us$": "USD", "u.s.$": "USD", "usd": "USD", "dollar": "USD", "dollars": "USD",
    "us dollars": "USD", "u.s. dollars": "USD", "us dollar": "USD", "u.s. dollar": "USD",
    "€": "EUR", "euro": "EUR", "euros": "EUR", "£": "GBP", "pounds sterling": "GBP",
    "yuan": "CNY", "rmb": "CNY", "renminbi": "CNY", "yuan renminbi": "CNY", "tenge": "KZT",
}
# Symbols read as a currency word but standing for more than one currency (¥: yuan or yen):
# an amount must then name its currency in `currency:`.
AMBIGUOUS_SYMBOLS = ("¥",)
# The currencies of the economies in scope and of the sources' usual units, as a quote
# writes them in capitals ("USD", "KZT").
CODES_IN_QUOTES = ("USD", "EUR", "GBP", "CNY", "KZT", "UZS", "KGS", "TJS", "TMT", "AZN", "GEL", "AMD", "PKR", "RUB")

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
# How a quote writes a month: its name or its abbreviation, capitalised (never the verb `may`).
MONTH_WORDS = {number: [name, name[:3]] + (["Sept"] if number == 9 else [])
               for number, name in enumerate(calendar.month_name) if name}


def _alternatives(words) -> str:
    """A regular expression matching any of `words` (longest first), a space matching a space."""
    return "|".join(re.escape(word).replace(r"\ ", " ") for word in sorted(words, key=len, reverse=True))


# A currency word, symbol or lower-case ISO code, as an amount writes it (case-insensitive).
CURRENCY_ALTERNATIVES = rf"(?:{_alternatives([*CURRENCY_WORDS, *AMBIGUOUS_SYMBOLS])}|[a-z]{{3}})"
SCALE_ALTERNATIVES = _alternatives(SCALES)
# A currency named anywhere in a quote ("in US dollars, trade reached 14 billion"): a word or
# symbol above, or a listed ISO 4217 code in capitals.
CURRENCY_IN_QUOTE = re.compile(
    rf"(?<![A-Za-z])(?:{_alternatives(w for w in CURRENCY_WORDS if w.upper() not in CODES_IN_QUOTES)})(?![A-Za-z])"
    rf"|(?<![A-Za-z])(?-i:{'|'.join(CODES_IN_QUOTES)})(?![A-Za-z])", re.IGNORECASE)
