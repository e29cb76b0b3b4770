"""Normalise single values: dates, amounts, codes (scalars are read by field type in
scripts/read/convert.py).

Each function returns the normalised value, or raises `Invalid(message, fix)`,
which the caller turns into a `file:line:col` problem.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from decimal import ROUND_HALF_EVEN, Decimal

import pycountry

from scripts.core.problems import Invalid, nearest
from scripts.core import vocabulary as vocab
from scripts.read.convert import ISO_DATE, MAX_DIGITS, MAX_EXACT, iso_date
from scripts.schema.registry import column_sets

# ---------------------------------------------------------------- dates
PART_OF_YEAR = re.compile(r"([0-9]{4})-([QH])([0-9])")  # 2023-Q1, 2022-H2
PARTS = {"Q": ("quarter", 4, 3), "H": ("half", 2, 6)}  # precision, parts a year, months a part


def partial_date(text: str) -> tuple[str, str]:
    """('2019-04', 'month') for '2019-04', ('2023-Q1', 'quarter') for '2023-Q1'; checks
    the month, day, quarter or half exists."""
    part = PART_OF_YEAR.fullmatch(text)
    if part:
        precision, count, _ = PARTS[part.group(2)]
        if not 1 <= int(part.group(3)) <= count:
            raise Invalid(f"`{text}` has no {precision} {part.group(3)}",
                          f"write the {precision} as {part.group(2)}1 to {part.group(2)}{count}")
        return text, precision
    match = ISO_DATE.fullmatch(text)
    if not match:
        raise Invalid(f"`{text}` is not a date", "write YYYY, YYYY-MM, YYYY-MM-DD, a quarter YYYY-Q1 to YYYY-Q4 "
                                                   "or a half-year YYYY-H1 or YYYY-H2, as precise as the source")
    year, month, day = match.groups()
    if month and not 1 <= int(month) <= 12:
        raise Invalid(f"`{text}` has no month {month}", "write the month as 01 to 12")
    if day:
        iso_date(text)
        return text, "day"
    return text, "month" if month else "year"


def date_start(text: str) -> dt.date:
    part = PART_OF_YEAR.fullmatch(text)
    if part:
        return dt.date(int(part.group(1)), 1 + (int(part.group(3)) - 1) * PARTS[part.group(2)][2], 1)
    parts = [int(p) for p in text.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])


MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
AS_OF_PUBLICATION = {"currently", "now", "at present", "presently", "to date", "so far", "today",
                     "over the past period", "as of now", "в настоящее время", "сейчас", "на сегодняшний день",
                     "на данный момент", "目前", "当前", "截至目前", "迄今"}


def resolve_relative(phrase: str, published: dt.date) -> str | None:
    """The date a relative phrase stands for, against the publication date; None if not known.

    Known: "last year", "this year", "next year", "N years ago", "in April this year",
    "in the first quarter of this year", "the second half of last year",
    "in April last year", "July 3" (a day without a year), and phrases meaning the
    publication date itself ("currently", "at present", ...).
    """
    p = re.sub(r"\s+", " ", phrase.lower()).strip(" ,.")
    p = re.sub(r"^(in|on|since|by|as of|в|во|за) ", "", p)
    year = published.year
    if p in AS_OF_PUBLICATION:
        return published.isoformat()
    offsets = {"last year": -1, "the previous year": -1, "a year ago": -1, "this year": 0,
               "the current year": 0, "next year": 1, "прошлом году": -1, "прошлый год": -1, "прошлого года": -1,
               "этом году": 0, "текущем году": 0, "этот год": 0, "следующем году": 1, "去年": -1, "上年": -1,
               "今年": 0, "本年": 0, "明年": 1}
    if p in offsets:
        return str(year + offsets[p])
    match = re.fullmatch(r"(?:the )?(first|second|third|fourth) (quarter|half)(?: of)? (this|last) year", p)
    if match and not (match.group(2) == "half" and match.group(1) in ("third", "fourth")):
        number = ["first", "second", "third", "fourth"].index(match.group(1)) + 1
        return f"{year - (match.group(3) == 'last')}-{match.group(2)[0].upper()}{number}"
    match = re.fullmatch(r"(\d+) years ago", p)
    if match:
        return str(year - int(match.group(1)))
    match = re.fullmatch(r"([a-z]+) (this|last) year", p)
    if match and match.group(1) in MONTHS:
        return f"{year - (match.group(2) == 'last')}-{MONTHS[match.group(1)]:02d}"
    match = re.fullmatch(r"([a-z]+) (\d{1,2})|(\d{1,2}) ([a-z]+)", p)
    if match:
        month = match.group(1) or match.group(4)
        day = match.group(2) or match.group(3)
        if month in MONTHS:
            return f"{year}-{MONTHS[month]:02d}-{int(day):02d}"
    return None


# The base of a change said relative to the period it is measured to: a year before it.
YEAR_BEFORE = {"the previous year", "previous year", "a year earlier", "the year before", "a year before",
               "the same period of the previous year", "the same period last year", "the same period a year earlier",
               "годом ранее", "предыдущий год", "предыдущего года", "аналогичный период прошлого года",
               "аналогичным периодом прошлого года", "上年", "上年同期", "去年同期"}


def resolve_before(phrase: str, period: str) -> str | None:
    """The base a phrase such as "from the previous year" stands for, against the period the
    change is measured to (2023 -> 2022, 2023-Q1 -> 2022-Q1); None for any other phrase."""
    p = re.sub(r"\s+", " ", phrase.lower()).strip(" ,.")
    p = re.sub(r"^(from|over|compared with|compared to|than|against|по сравнению с|за|с|к|比|较) ", "", p)
    match = re.fullmatch(r"([0-9]{4})(.*)", period)
    if p not in YEAR_BEFORE or not match:
        return None
    return f"{int(match.group(1)) - 1}{match.group(2)}"


# ---------------------------------------------------------------- amounts
# An amount is read with the vocabulary of its source's language (scripts/core/vocabulary.py):
# only ASCII digits are digits; the number stands as a whole (no digit, decimal sign or
# group sign right before or after it), with its scale word and currency words.
Figure = vocab.Figure


@functools.lru_cache(maxsize=1)
def bound_words() -> re.Pattern:
    """A bound word at the start of an amount: the bound column's cue words (schemas/columns.yaml)."""
    cues = next(c for c in column_sets()["bound"]["columns"] if c["name"] == "bound")["x-cues"]
    words = sorted({w for language in cues.values() for phrases in language.values() for w in phrases
                    if not w.startswith("…")}, key=len, reverse=True)
    return re.compile(r"^(" + "|".join(re.escape(w) for w in words) + r")(?![^\W\d_])", re.I)


def currency_code(word: str, language: str = "en") -> str:
    codes = vocab.vocabulary(language).currency_codes(word)
    key = word.strip()
    if not codes and len(key) == 3 and key.isupper() and pycountry.currencies.get(alpha_3=key):
        codes = (key,)
    if len(codes) != 1:
        raise Invalid(f"`{word}` is not a currency this build knows" if not codes else
                      f"`{word}` may be {' or '.join(codes)}",
                      "write the amount's currency as an ISO 4217 code in `currency:`, such as KZT")
    return codes[0]


def read_amount(text: str, language: str = "en") -> Figure:
    """The figure an `amount` value writes, in the vocabulary of `language`; Invalid when
    it is not one figure of money (a currency may be left to `currency:`)."""
    clean = re.sub(r"\s+", " ", text).strip()
    bound = bound_words().match(clean)
    if bound:
        raise Invalid(f"the amount starts with `{bound.group()}`",
                      "write only the figure here and the bound as `bound: more_than` (or less_than, at_most, "
                      "at_least, about)")
    words = vocab.vocabulary(language)
    match = words.figure.fullmatch(clean)
    amount = words.read(match, clean) if match else None
    if amount is None or amount.end != len(clean) or amount.what not in ("money", "plain") or \
            (amount.what == "plain" and not amount.scale and not match.group("scale")):
        raise Invalid(f"cannot read `{text}` as an amount",
                      "write the figure as the source does, such as `$1.3 billion`, `USD500 million`, "
                      "`28.6 billion dollars`, `28,6 млрд долларов` or `286亿美元`")
    if match.group("pre") and match.group("post"):
        raise Invalid(f"`{text}` names its currency twice", "keep one currency word")
    if amount.value > MAX_EXACT or len(amount.number.as_tuple().digits) > MAX_DIGITS:
        raise Invalid(f"`{text}` is beyond what every tool reads exactly ({MAX_EXACT:,} units, {MAX_DIGITS} digits)",
                      "check the figure and its scale word")
    return amount


def parse_amount(text: str, language: str = "en") -> tuple[Decimal, str | None]:
    """('28.6 billion dollars') -> (Decimal('28600000000'), 'USD'); the currency is None
    when the words name none or one shared by two (`¥`: read_amount gives both)."""
    amount = read_amount(text, language)
    return amount.value, amount.currency


def to_usd(amount: Decimal, currency: str, rate: Decimal | None) -> int | None:
    if currency == "USD":
        factor = Decimal(1)
    elif rate is not None:
        factor = rate
    else:
        return None
    return int((amount * factor).quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


# ---------------------------------------------------------------- codes
@functools.lru_cache(maxsize=4096)
def check_country(code: str) -> str:
    """An ISO 3166-1 alpha-3 code in use, or Invalid naming the likely intended one."""
    if pycountry.countries.get(alpha_3=code) and code.isupper():
        return code
    historic = pycountry.historic_countries.get(alpha_3=code.upper()) if len(code) == 3 else None
    if historic and not pycountry.countries.get(alpha_3=code.upper()):
        raise Invalid(f"`{code}` is a retired ISO 3166 code ({historic.name}, withdrawn {historic.withdrawal_date})",
                      "use the code of the country that exists now")
    guess = None
    try:
        guess = pycountry.countries.lookup(code).alpha_3
    except LookupError:
        pass
    fix = f"did you mean {guess}?" if guess else "use an ISO 3166-1 alpha-3 code, such as KAZ"
    raise Invalid(f"`{code}` is not an ISO 3166-1 alpha-3 country code", fix)


def check_place(code: str, groups: dict[str, list[str]], file: str = "the registry of groups") -> list[str]:
    """The member countries of a place: itself for a country, its members for a group
    (`groups`: the ids defined in `file`)."""
    if code in groups:
        return groups[code]
    if code.islower() and len(code) > 3:
        close = nearest(code, groups)
        raise Invalid(f"`{code}` is not a country group defined in {file}",
                      f"did you mean {close}?" if close else f"define the group in {file} or use a country code")
    return [check_country(code)]


def check_language(code: str) -> str:
    if len(code) == 2 and pycountry.languages.get(alpha_2=code):
        return code
    raise Invalid(f"`{code}` is not an ISO 639-1 language code", "write a two-letter code such as en or ru")
