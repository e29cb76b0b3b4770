"""Normalise single values: dates, amounts, codes (scalars are read by field type in
scripts/read/convert.py). Each function returns the normalised value, or raises
`Invalid(message, fix)`, which the caller turns into a `file:line:col` problem."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from decimal import ROUND_HALF_EVEN, Decimal

import pycountry

from scripts.core import vocabulary as vocab
from scripts.core.problems import Invalid, nearest
from scripts.read.convert import ISO_DATE, MAX_DIGITS, MAX_EXACT, iso_date
from scripts.schema.registry import column_sets

# ---------------------------------------------------------------- dates
PART_OF_YEAR = re.compile(r"([0-9]{4})-([QH])([0-9])")  # 2023-Q1, 2022-H2
PARTS = {"Q": ("quarter", 4, 3), "H": ("half", 2, 6)}  # precision, parts a year, months a part
RUN = re.compile(r"([0-9]{4}-[0-9]{2}(?:-[0-9]{2})?)/([0-9]{4}-[0-9]{2}(?:-[0-9]{2})?)")  # 2023-01/2023-10
NAMED_RUNS = {(1, 12): "", (1, 3): "-Q1", (4, 6): "-Q2", (7, 9): "-Q3", (10, 12): "-Q4", (1, 6): "-H1", (7, 12): "-H2"}


def partial_date(text: str) -> tuple[str, str]:
    """('2019-04', 'month') for '2019-04', ('2023-Q1', 'quarter') for '2023-Q1', ('2023-01/2023-10',
    'months') for a run of months; checks the month, day, quarter or half exists."""
    run = RUN.fullmatch(text)
    if run:
        return _run(text, *run.groups())
    part = PART_OF_YEAR.fullmatch(text)
    if part:
        precision, count, _ = PARTS[part.group(2)]
        if not 1 <= int(part.group(3)) <= count:
            raise Invalid(f"`{text}` has no {precision} {part.group(3)}",
                          f"write the {precision} as {part.group(2)}1 to {part.group(2)}{count}")
        return text, precision
    match = ISO_DATE.fullmatch(text)
    if not match:
        raise Invalid(f"`{text}` is not a date", "write YYYY, YYYY-MM, YYYY-MM-DD, a quarter YYYY-Q1 to YYYY-Q4, "
                                                   "a half-year YYYY-H1 or YYYY-H2, or a run of months (2023-01/2023-10) "
                                                   "or days (2024-01-01/2024-02-10), as precise as the source")
    year, month, day = match.groups()
    if month and not 1 <= int(month) <= 12:
        raise Invalid(f"`{text}` has no month {month}", "write the month as 01 to 12")
    if day:
        iso_date(text)
        return text, "day"
    return text, "month" if month else "year"


def _run(text: str, first: str, last: str) -> tuple[str, str]:
    """A run of months or days, checked: both ends alike, in order, and not a span a shorter
    form writes (a quarter, a half, a year, one month or day: one span, one form, one fact)."""
    (_, low), (_, high) = partial_date(first), partial_date(last)
    if low != high:
        raise Invalid(f"`{text}` runs from a {low} to a {high}",
                      "write both ends as months (2023-01/2023-10) or both as days (2024-01-01/2024-02-10)")
    start, end = date_start(first), date_end(last)
    if end <= date_end(first):
        raise Invalid(f"`{text}` does not end after it starts", "write the first month (or day), a slash, then the last")
    shorter = span_name(start, end)
    if shorter and shorter != text:
        raise Invalid(f"`{text}` is `{shorter}`", f"write `{shorter}`: a span has one form")
    return text, f"{low}s"


def span_name(start: dt.date, end: dt.date) -> str | None:
    """The shorter form of the days from `start` to `end` when there is one: a day, a month, a
    run of whole months, a quarter, a half or a year."""
    if start == end:
        return start.isoformat()
    if start.day != 1 or end != date_end(end.isoformat()[:7]):
        return None
    if (start.year, start.month) == (end.year, end.month):
        return start.isoformat()[:7]
    if start.year == end.year and (start.month, end.month) in NAMED_RUNS:
        return f"{start.year}{NAMED_RUNS[(start.month, end.month)]}"
    return f"{start.isoformat()[:7]}/{end.isoformat()[:7]}"


def date_start(text: str) -> dt.date:
    text = text.split("/")[0]
    part = PART_OF_YEAR.fullmatch(text)
    if part:
        return dt.date(int(part.group(1)), 1 + (int(part.group(3)) - 1) * PARTS[part.group(2)][2], 1)
    parts = [int(p) for p in text.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])


def date_end(text: str) -> dt.date:
    """The last day a date or period covers (2023: 2023-12-31; 2023-Q1: 2023-03-31)."""
    text = text.split("/")[-1]
    part = PART_OF_YEAR.fullmatch(text)
    year, month = (int(part.group(1)), int(part.group(3)) * PARTS[part.group(2)][2]) if part else \
        (int(text[:4]), int(text[5:7]) if len(text) > 4 else 12)
    return dt.date.fromisoformat(text) if len(text) == 10 else dt.date(year, month, calendar.monthrange(year, month)[1])


def shift_years(value: str, years: int) -> str:
    """The same span `years` later (earlier when negative): 2023-Q1 -> 2022-Q1, a run's two ends
    each (a 29 February becomes the 28th)."""
    def one(match: re.Match) -> str:
        year, rest = int(match.group(1)) + years, match.group(2) or ""
        if rest == "-02-29" and not calendar.isleap(year):
            rest = "-02-28"
        return f"{year}{rest}"
    return re.sub(r"([0-9]{4})(-[0-9]{2}-[0-9]{2}(?![0-9]))?", one, value)


MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
AS_OF_PUBLICATION = {"currently", "now", "at present", "presently", "to date", "so far", "today",
                     "over the past period", "as of now", "в настоящее время", "сейчас", "на сегодняшний день",
                     "на данный момент", "目前", "当前", "截至目前", "迄今"}
# The year to date: from the start of the publication's year to its date (or to a month named after).
YEAR_TO_DATE = re.compile(r"(?:the )?(?:beginning|start) of (?:(?:the|this|the current) year|[0-9]{4})|(?:the )?year[- ]to"
                          r"[- ]date|so far this year|this year so far|начала (?:(?:этого |текущего )?года|[0-9]{4} года)|"
                          r"(?:今年|年初|今年年初|[0-9]{4}年年?初)以来|年初至今")
YEAR_END = re.compile(r"(?:the )?end of (last|the previous|this|the current) year|кон(?:ец|ца|це|цу) (прошлого|этого|текущего) "
                      r"года|(去|今)年年?(?:底|末)")
UNTIL_MONTH = re.compile(r" (?:to|through|until|till|по|до) (?:the end of |конца )?(\w+)$")


def resolve_relative(phrase: str, published: dt.date) -> str | None:
    """The date a relative phrase stands for, against the publication date; None if not known.

    Known: "last year", "this year", "next year", "N years ago", "in April this year", "in the
    first quarter of this year", "the second half of last year", "in April last year", "July 3"
    (a day without a year), "in January" (a month alone: the last one up to publication), "on
    Thursday" (the last one up to it), the publication date itself ("currently", ...), the year
    to date ("since the beginning of the year": 2024-01-01/<publication>; "... to October":
    2024-01/2024-10) and the end of a year."""
    whole = re.sub(r"\s+", " ", phrase.lower()).strip(" ,.")
    p = re.sub(r"^(?:(?:in|on|since|by|as of|from|at|в|во|за|с|на|к) |截至|自)", "", whole)
    year = published.year
    if p in AS_OF_PUBLICATION or whole in AS_OF_PUBLICATION:  # "в настоящее время" keeps its "в"
        return published.isoformat()
    until = UNTIL_MONTH.search(p)
    month = vocab.vocabulary("ru").months.get(until.group(1).rstrip(".")) if until else None
    if YEAR_TO_DATE.fullmatch(p[:until.start()] if until and month else p):
        year = int(re.search(r"[0-9]{4}", p).group()) if re.search(r"[0-9]{4}", p) else year
        if until and month:
            return f"{year}-01/{year}-{month:02d}" if month > 1 else f"{year}-01"
        return span_name(dt.date(year, 1, 1), published) or f"{year}-01-01/{published.isoformat()}"
    end = YEAR_END.fullmatch(p)
    if end:
        return f"{year - (end.group(1) in ('last', 'the previous') or end.group(2) == 'прошлого' or end.group(3) == '去')}-12-31"
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
    if (day := next((d for lang in vocab.LANGUAGES for w, d in vocab.vocabulary(lang).weekdays.items() if w == p), None)) is not None:
        return (published - dt.timedelta(days=(published.weekday() - day) % 7)).isoformat()
    alone = vocab.vocabulary("en").months.get(p) or vocab.vocabulary("ru").months.get(p) or \
        (int(p[:-1]) if re.fullmatch(r"(?:[1-9]|1[0-2])月", p) else None)
    return f"{year - (alone > published.month)}-{alone:02d}" if alone else None


# The base of a change said relative to the period it is measured to: a year before it.
YEAR_BEFORE = {"the previous year", "previous year", "a year earlier", "the year before", "a year before",
               "the same period of the previous year", "the same period last year", "the same period a year earlier",
               "годом ранее", "предыдущий год", "предыдущего года", "аналогичный период прошлого года",
               "аналогичным периодом прошлого года", "上年", "上年同期", "去年同期"}


def resolve_before(phrase: str, period: str) -> str | None:
    """The base "from the previous year" and the like stand for, against the period measured to (2023-Q1 -> 2022-Q1)."""
    p = re.sub(r"\s+", " ", phrase.lower()).strip(" ,.")
    p = re.sub(r"^(from|over|compared with|compared to|than|against|по сравнению с|за|с|к|比|较) ", "", p)
    if p not in YEAR_BEFORE or not re.match(r"[0-9]{4}", period):
        return None
    return shift_years(period, -1)


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
    return re.compile(r"^(" + "|".join(re.escape(w) for w in words) + r")(?![^\W\d_])", re.IGNORECASE)


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
