"""The vocabulary of figures, per language: the words that write a currency, a scale, a
percentage, a multiple, a month or a country, and how a number is written.

One place for every stage: the derive stage reads an amount with it
(scripts/derive/values.py) and the binding finds the same words in a quote
(scripts/bind/). The base is CLDR, through Babel (currency names with their plural
forms and symbols, the compact number patterns that give the scale words, month and
weekday names, territory names, decimal and group signs), for the entry's language and
English (sources in Russian or Chinese write "USD" too). CLDR is a base, not the whole
list: what texts also write (`тенге` alone, `bn`, `млрд.`, `美元` after `亿`) is listed
in EXTRA_* below, each list short and reviewed like data. The words that bound a figure,
mark its kind or the sign of a change are data about the columns and live with them, as
`x-cues` in schemas/columns.yaml.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal

import pycountry
from babel import Locale

LANGUAGES = ("en", "ru", "zh")  # the languages the proof can read: those with cue words in schemas/ too

# Scale words CLDR lacks, per language -> power of ten.
EXTRA_SCALES = {
    "en": {"bn": 9, "bln": 9, "mn": 6, "mln": 6, "tn": 12, "trln": 12},
    "ru": {"тыс": 3, "млн.": 6, "млрд.": 9, "трлн.": 12},
    "zh": {"千": 3, "百万": 6, "千万": 7, "十亿": 9, "千亿": 11},
}
# Scale letters read only right after the digits and only with a currency ("$300m", "5bn
# tenge"): "a 300 m bridge" is metres, "5 k" nothing.
ATTACHED_SCALES = {"k": 3, "m": 6, "b": 9, "t": 12}
# Currency words CLDR lacks (lower case) -> ISO 4217 codes (two when the word is shared).
EXTRA_CURRENCIES = {
    "en": {**dict.fromkeys(("dollar", "dollars", "u.s. dollars", "u.s. dollar", "us dollars", "us dollar", "u.s.$", "us$"),
                           ("USD",)), **dict.fromkeys(("yuan", "rmb", "renminbi", "yuan renminbi"), ("CNY",)),
           "tenge": ("KZT",), **dict.fromkeys(("som", "soms"), ("KGS", "UZS")), **dict.fromkeys(("manat", "manats"), ("AZN", "TMT")),
           **dict.fromkeys(("sum", "soum"), ("UZS",)), "somoni": ("TJS",), "lari": ("GEL",), **dict.fromkeys(("dram", "drams"), ("AMD",)),
           **dict.fromkeys(("rupees", "rupee", "rs", "rs."), ("INR", "PKR")),
           **dict.fromkeys(("rubles", "roubles", "ruble", "rouble"), ("RUB",)), "pounds sterling": ("GBP",), "euro": ("EUR",),
           "euros": ("EUR",), **dict.fromkeys(("hk$", "hk dollars", "hk dollar", "hong kong $", "hong kong dollar"), ("HKD",))},
    "ru": {**dict.fromkeys(("доллар", "доллара", "долларов", "долл."), ("USD",)), "тенге": ("KZT",),
           **dict.fromkeys(("сом", "сомов", "сома"), ("KGS",)), **dict.fromkeys(("манат", "манатов", "маната"), ("AZN", "TMT")),
           **dict.fromkeys(("сум", "сумов"), ("UZS",)), **dict.fromkeys(("юаней", "юань", "юаня"), ("CNY",)),
           **dict.fromkeys(("рублей", "рубля", "рубль", "руб."), ("RUB",)), "сомони": ("TJS",), "лари": ("GEL",),
           "драмов": ("AMD",), "евро": ("EUR",)},
    "zh": {"元": ("CNY",), "人民币": ("CNY",), "坚戈": ("KZT",), "美金": ("USD",)},
}
# ISO codes a quote writes in capitals; any other three capitals are not read as money.
CODES = ("USD", "EUR", "GBP", "CNY", "RMB", "HKD", "JPY", "KZT", "UZS", "KGS", "TJS", "TMT", "AZN", "GEL", "AMD",
         "PKR", "RUB", "AFN", "INR", "IRR", "TRY", "CHF")
CODE_ALIASES = {"RMB": "CNY"}
# The country that issues a currency (ISO 4217's first two letters): of a word two share (manat,
# som, ¥), a figure's currency is that of the country its sentence names (scripts/bind/binder.py).
ISSUER = {code: country.alpha_3 for code in CODES if (country := pycountry.countries.get(alpha_2=code[:2]))}
# Percent and multiple words, per language (a figure followed by one is not money).
PERCENT_AFTER = {"en": ("%", "percent", "per cent", "pct", "percentage points"),
                 "ru": ("%", "процентов", "процента", "процент", "проц."), "zh": ("%", "个百分点")}
PERCENT_BEFORE = {"en": (), "ru": (), "zh": ("百分之",)}
TIMES_AFTER = {"en": ("times", "-fold", " fold", "fold"), "ru": ("раза", "раз"), "zh": ("倍",)}
FOLD_WORDS = {"en": {2: ["doubled", "doubling", "twofold", "two-fold"], 3: ["tripled", "trebled", "tripling",
                     "threefold", "three-fold"], 4: ["quadrupled", "fourfold", "four-fold"],
                     5: ["fivefold", "five-fold"], 6: ["sixfold", "six-fold"], 7: ["sevenfold", "seven-fold"], 8: ["eightfold", "eight-fold"],
                     9: ["ninefold"], 10: ["tenfold", "ten-fold"], 100: ["hundredfold"]},
              "ru": {2: ["вдвое", "в два раза", "удвоился", "удвоилась", "удвоилось", "удвоились"], 3: ["втрое", "в три раза",
                     "утроился", "утроилась", "утроилось", "утроились"], 4: ["вчетверо", "в четыре раза"], 5: ["впятеро", "в пять раз"], 10: ["в десять раз"]},
              "zh": {2: ["翻一番", "翻了一番", "翻番", "两倍"], 3: ["三倍"], 4: ["翻两番", "翻了两番"]}}
# Month forms CLDR lacks, month by month: Russian's prepositional ("в марте") and instrumental ("с январем").
EXTRA_MONTHS = {"ru": ["январе январем январём", "феврале февралем февралём", "марте мартом", "апреле апрелем",
                       "мае маем", "июне июнем", "июле июлем", "августе августом", "сентябре сентябрем сентябрём",
                       "октябре октябрем октябрём", "ноябре ноябрем ноябрём", "декабре декабрем декабрём"],
                "en": ["", "", "", "", "", "", "", "", "sept"]}  # and weekdays besides CLDR's ("в среду", "周一"):
EXTRA_DAYS = {"ru": {"среду": 2, "пятницу": 4, "субботу": 5}, "zh": {f"周{c}": n for n, c in enumerate("一二三四五六日")}}
# A country's names besides CLDR's and ISO's, per language (Russian in its other cases: Vocabulary.places).
EXTRA_PLACES = {
    "en": {"CHN": ["Chinese", "PRC", "Beijing", "Sino"], "KAZ": ["Kazakh", "Kazakhstani", "Astana"],
           "UZB": ["Uzbek", "Uzbekistani", "Tashkent"], "KGZ": ["Kyrgyz", "Kyrgyzstani", "Bishkek", "Kirghizia"],
           "TJK": ["Tajik", "Tajikistani", "Dushanbe"], "TKM": ["Turkmen", "Turkmenistani", "Ashgabat"],
           "AZE": ["Azerbaijani", "Azeri", "Baku"], "GEO": ["Georgian", "Tbilisi"], "ARM": ["Armenian", "Yerevan"],
           "PAK": ["Pakistani", "Islamabad"], "AFG": ["Afghan"], "RUS": ["Russian", "Moscow"],
           "MNG": ["Mongolian"], "IRN": ["Iranian"], "TUR": ["Turkish", "Türkiye"]},
    "ru": {"CHN": ["КНР", "китайск", "Пекин"], "KAZ": ["казахстанск", "Астан"], "UZB": ["узбекск", "Ташкент"],
           "KGZ": ["Кыргызстан", "Киргизи", "кыргызск", "киргизск", "Бишкек"], "TJK": ["таджикск", "Душанбе"],
           "TKM": ["туркменск", "Ашхабад"], "AZE": ["азербайджанск", "Баку"], "GEO": ["грузинск", "Тбилиси"],
           "ARM": ["армянск", "Ереван"], "PAK": ["пакистанск"], "RUS": ["российск", "РФ"]},
    "zh": {"CHN": ["中方", "中华人民共和国", "对华", "来华", "在华", "赴华", "中资", "中企"], "CHN+KAZ": ["中哈"], "CHN+KGZ": ["中吉"],
           "CHN+UZB": ["中乌"], "CHN+TJK": ["中塔"], "CHN+TKM": ["中土"], "CHN+AZE": ["中阿"], "CHN+PAK": ["中巴"],
           "CHN+GEO": ["中格"], "KAZ": ["哈方", "哈国", "对哈", "在哈", "赴哈"], "UZB": ["乌方", "对乌", "在乌"],
           "KGZ": ["吉方", "吉尔吉斯", "对吉", "在吉"], "TJK": ["塔方", "对塔", "在塔"], "TKM": ["土方", "对土", "在土"],
           "AZE": ["阿塞拜疆", "对阿", "在阿"], "PAK": ["巴方", "巴基斯坦", "对巴", "在巴"], "GEO": ["对格", "在格"]},
}
# Nouns that name what a figure measures: a year that is their attribute ("the 2014 trade
# volume", "товарооборот 2014 года") dates the figure; one of any other noun ("the 2004 deal")
# dates what that noun names. Russian ones by their stem.
MEASURE_NOUNS = {"en": {"trade", "turnover", "exports", "export", "imports", "import", "investment", "investments",
                        "figure", "figures", "volume", "total", "value", "level", "data", "statistics", "results",
                        "growth", "output", "shipments", "flows", "inflows", "stock", "count", "target", "goal",
                        "quarter", "half", "year", "period"},
                 "ru": ("товарооборот", "торгов", "экспорт", "импорт", "инвестиц", "объем", "объём", "показател",
                        "итог", "данн", "поставк", "рост"),
                 "zh": ()}


def measure_noun(word: str, language: str) -> bool:
    word = word.lower()
    return word in MEASURE_NOUNS["en"] or word.startswith(tuple(MEASURE_NOUNS["ru"])) if language == "ru" \
        else word in MEASURE_NOUNS["en"]


# Words that date a figure a year before the year its sentence gives ("$31 billion the previous
# year"; with no year before them in the sentence, "last year" is the year before publication).
YEAR_EARLIER = {"en": ("a year earlier", "a year before", "one year earlier", "one year before", "a year prior", "the year before",
                       "the year prior", "the previous year", "the preceding year", "the prior year", "a year ago", "one year ago",
                       "last year", "the same period of the previous year", "the same period a year earlier",
                       "the same period of last year", "the same period last year"),
                "ru": ("годом ранее", "годом раньше", "годом до этого", "за год до этого", "год назад", "в предыдущем году",
                       "предыдущего года", "за предыдущий год", "в прошлом году", "прошлого года", "за прошлый год",
                       *(f"{period} прошлого года" for period in ("аналогичный период", "аналогичным периодом",
                         "аналогичном периоде", "соответствующий период", "соответствующим периодом", "соответствующем периоде"))),
                "zh": ("上年同期", "去年同期", "上一年度", "上年度", "上一年", "前一年", "一年前", "上年", "去年")}
PUBLICATION_RELATIVE = {"a year ago", "one year ago", "last year", "the same period last year", "the same period of last year",
                        "год назад", "в прошлом году", "прошлого года", "за прошлый год", "去年", "去年同期", "一年前"}


# Words that refer back to the two places of an earlier sentence (and "of which": to its figure's).
BOTH_SIDES = {"en": ("the two sides", "both sides", "the two countries", "both countries", "the two nations",
                     "both nations", "bilateral", "the two states", "the two economies", "of which"),
              "ru": ("двусторонн", "взаимн", "обеих стран", "двух стран", "стороны", "обе страны", "из них", "в том числе"),
              "zh": ("双方", "两国", "双边", "其中")}


@dataclass(frozen=True)
class Figure:
    """A figure as written: its number, scale (a power of ten), the currencies its words
    may stand for (empty if none), what it is (money, percent, times, plain) and where."""

    number: Decimal
    scale: int
    currencies: tuple[str, ...]
    what: str  # money, percent, times or plain
    start: int
    end: int
    written: str

    @property
    def value(self) -> Decimal:
        return self.number.scaleb(self.scale)

    @property
    def currency(self) -> str | None:
        return self.currencies[0] if len(self.currencies) == 1 else None


def _words(words, boundary: bool = True) -> str:
    """Any of `words` (longest first); one ending in a letter ends there (`m` is not `metres`)."""
    out = []
    for word in sorted(set(words), key=len, reverse=True):
        pattern = re.escape(word).replace(r"\ ", " ?")
        if boundary and word[-1].isalpha() and word[-1].isascii() or word[-1] in "абвгдеёжзийклмнопрстуфхцчшщъыьэюя":
            pattern += r"(?![^\W\d_])"
        out.append(pattern)
    return "|".join(out) or "(?!)"


class Vocabulary:
    """The words of one language (with English's), compiled once."""

    def __init__(self, language: str) -> None:
        self.language = language
        here = Locale.parse(language)
        locales = [here] + ([Locale.parse("en")] if language != "en" else [])
        self.decimal = here.number_symbols.get("latn", here.number_symbols).get("decimal", ".")
        self.scales = dict(EXTRA_SCALES.get("en", {})) | EXTRA_SCALES.get(language, {})
        currencies: dict[str, set[str]] = {}
        for locale in locales:
            for patterns in (locale.compact_decimal_formats or {}).values():
                for plural in patterns.values():
                    for magnitude, pattern in dict(plural).items():
                        text = pattern.pattern if hasattr(pattern, "pattern") else str(pattern)
                        word = text.replace("'", "").replace("0", "").replace("\u00a0", " ").strip()
                        zeros = text.count("0")
                        if word and not (len(word) == 1 and word.isascii()):
                            self.scales.setdefault(word.lower(), len(str(magnitude)) - 1 - (zeros - 1))
            names = locale._data.get("currency_names_plural", {})
            for code in CODES:
                forms = [locale.currencies.get(code)] + list(dict(names.get(code) or {}).values())
                for form in forms:
                    if form:
                        currencies.setdefault(form.lower(), set()).add(code)
            for code, symbol in locale.currency_symbols.items():
                if code in CODES and not symbol.isalpha():
                    for form in {symbol, symbol.replace("$", " $")} if symbol[0].isalpha() else {symbol}:
                        currencies.setdefault(form.lower(), set()).add(code)
        for words in (EXTRA_CURRENCIES["en"], EXTRA_CURRENCIES.get(language, {})):
            for word, codes in words.items():
                currencies.setdefault(word, set()).update(codes)
        currencies["¥"] = {"CNY", "JPY"}  # yuan or yen: an amount with it names its currency in `currency:`
        self.currencies = {word: tuple(sorted(codes)) for word, codes in currencies.items()}
        self.months = self._months(locales)
        self.weekdays = {d.lower(): n for loc in locales for n, d in loc.days["format"]["wide"].items()} | \
            EXTRA_DAYS.get(language, {})
        self.figure = self._figure_pattern()

    @staticmethod
    def _months(locales) -> dict[str, int]:
        months: dict[str, int] = {}
        for locale in locales:
            for context in ("format", "stand-alone"):
                for width in ("wide", "abbreviated"):
                    for number, name in locale.months[context][width].items():
                        months[name.lower().rstrip(".")] = number
            for number, names in enumerate(EXTRA_MONTHS.get(str(locale), []), start=1):
                months.update(dict.fromkeys(names.split(), number))
        return months

    def _figure_pattern(self) -> re.Pattern:
        currency = rf"(?:{_words(self.currencies)}|(?-i:{'|'.join(CODES)})(?![A-Za-z]))"
        digits = (r"[0-9]{1,3}(?:[ ][0-9]{3})+(?:,[0-9]+)?(?![0-9])|[0-9]+(?:,[0-9]+)?" if self.decimal == "," else
                  r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?(?![0-9])|[0-9]+(?:\.[0-9]+)?")
        return re.compile(
            rf"(?<![0-9A-Za-z.,$€£¥])(?:(?P<pre>{currency}) ?)?(?P<num>{digits})(?![0-9]|[.,][0-9])"
            rf"(?:(?P<attached>[kmbtKMBT])(?![^\W\d_])|(?: ?(?P<scale>{_words(self.scales)})))?"
            rf"(?:(?P<post> ?(?:{currency})))?", re.IGNORECASE)

    def number(self, digits: str) -> Decimal:
        """A number as this language writes it ("28,6" in Russian is 28.6; "1,234" in English 1234)."""
        if self.decimal == ",":
            return Decimal(digits.replace(" ", "").replace(",", "."))
        return Decimal(digits.replace(",", ""))

    def currency_codes(self, word: str | None) -> tuple[str, ...]:
        if not word:
            return ()
        key = re.sub(r"\s+", " ", word.strip().lower())
        if key in self.currencies:
            return self.currencies[key]
        if word.strip() in CODES:
            return (CODE_ALIASES.get(word.strip(), word.strip()),)
        return self.currencies.get(key.replace(" $", "$"), ())

    def read(self, match: re.Match, text: str) -> Figure:
        """The figure a match of `figure` stands for, with what follows it (percent, times)."""
        pre, post = match.group("pre"), match.group("post")
        codes = self.currency_codes(pre) or self.currency_codes(post)
        scale_word = match.group("scale")
        scale = self.scales.get(scale_word.lower(), 0) if scale_word else 0
        end = match.end()
        if match.group("attached"):
            if codes:
                scale = ATTACHED_SCALES[match.group("attached").lower()]
            else:
                end = match.end("num")  # "300 m", "5k": no scale without a currency
        what = "money" if codes else "plain"
        following = text[end:end + 20].lower()
        if not codes:
            for word in PERCENT_AFTER["en"] + PERCENT_AFTER.get(self.language, ()):
                if following.lstrip().startswith(word) and (not word[-1].isalpha() or not following.lstrip()[len(word):len(word) + 1].isalpha()):
                    what, end = "percent", end + len(following) - len(following.lstrip()) + len(word)
                    break
            else:
                for word in TIMES_AFTER["en"] + TIMES_AFTER.get(self.language, ()):
                    gap = following if word.startswith(("-", " ")) else following.lstrip()
                    if gap.startswith(word) and not gap[len(word):len(word) + 1].isalpha():
                        what, end = "times", end + len(following) - len(gap) + len(word)
                        break
            before = text[max(0, match.start() - 4):match.start()]
            if what == "plain" and any(before.endswith(w) for w in PERCENT_BEFORE.get(self.language, ())):
                what = "percent"
        start = match.start()
        return Figure(self.number(match.group("num")), scale, codes, what, start, end, text[start:end].strip())

    def figures(self, text: str) -> list[Figure]:
        return [self.read(match, text) for match in self.figure.finditer(text)]

    @functools.cached_property
    def places(self) -> list[tuple[str, str]]:
        """(name, ISO alpha-3) for every country, longest name first: CLDR's names in this
        language and English, ISO's, and EXTRA_PLACES."""
        names: dict[str, str] = {}
        for language in dict.fromkeys((self.language, "en")):
            territories = Locale.parse(language).territories
            for country in pycountry.countries:
                for name in (territories.get(country.alpha_2), country.name, getattr(country, "common_name", None),
                             getattr(country, "official_name", None)):
                    if name and (len(name) > 2 or not name.isascii()):
                        names.setdefault(name, country.alpha_3)
            for code, words in EXTRA_PLACES.get(language, {}).items():
                for word in words:
                    names.setdefault(word, code)
        return sorted(names.items(), key=lambda item: len(item[0]), reverse=True)


@functools.lru_cache(maxsize=8)
def vocabulary(language: str) -> Vocabulary:
    """The vocabulary of `language` (an ISO 639-1 code of LANGUAGES)."""
    return Vocabulary(language if language in LANGUAGES else "en")
