"""The binder: for each value a record carries, the words of its source that state it.

A record's figure is found in its quote (same number, scale and currency: the currency
words attached to it, or a unit its sentence declares — never one named for another
figure); then its own words: the bound words before it (a negation is its own bound: "no
more than" is at_most; a range "between 5 and 18 billion" gives its ends at_least and
at_most), the kind and sign words of its sentence (the nearest rise or fall word to a
change; a level is never what a figure changed by, "rose by $2 billion"), its own date (the date nearest to it in its sentence; a date named "from 2012" is
a base), its places (named, or referred back to — "the two sides" — and then the names of
the earlier sentence count), the direction between them, its counted units. Each binding
is a span of the article's normal text (scripts/bind/text.py maps it to the archived file).
Where the quote does not state a value, the record is refused with what the words say;
`wording_note` can bind a value to other words of the article only by citing them in
double quotes and saying why (scripts/bind/cues.py). The measure and cue words of a
record are bound in scripts/bind/measures.py, its dates in dates.py, who and what it names
in sayers.py, its places and direction in fields.py.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal

from scripts.bind.cues import ASIDE, Cited, begins_a_span_of_time, cue_values, cues, find_cues
from scripts.bind.mentions import COMMA, Article
from scripts.bind.phrases import find_phrase
from scripts.core.vocabulary import FOLD_WORDS, ISSUER, Figure
from scripts.derive import values as v
from scripts.schema.model import Field, Table

WINDOW_WORDS = 6  # the bound words before a figure: at most this many words, within its clause
# A bound denied is its opposite: "did not exceed 5 billion" is at most 5 billion.
DENIED_BOUND = {"more_than": "at_most", "at_least": "less_than", "less_than": "at_least", "at_most": "more_than"}
RANGE_LOW = re.compile(r"^ ?(?:and|to|-|–|до|и|至|到|和) ?$")


@functools.lru_cache(maxsize=16)
def changed_by(change: Field, bound: Field | None, language: str) -> re.Pattern:
    """Rise or fall words with "by" ("на"; Chinese: none) and a bound's words before a figure: what it changed by."""
    def words(fld: Field | None) -> str:
        found = [w for ws in (cue_values(fld, language).values() if fld else []) for w in ws if not w.startswith("…")]
        return "|".join(re.escape(w) for w in sorted(found, key=len, reverse=True)) or "(?!)"
    verbs = words(change)
    return re.compile(rf"(?<![\w-])(?:{verbs})\w{{0,3}} (?:by|на)(?: (?:{words(bound)}))?(?: чем)? $|(?:{verbs})了?$",
                      re.IGNORECASE)


class Binder:
    """Bind one record: `evidence` gets (column, start, end), `refuse` is called with
    (column, message, fix) for each value the words do not state."""

    def __init__(self, row, table: Table, article: Article, quote: tuple[int, int], cited: Cited, refuse) -> None:
        self.row, self.values, self.table, self.article = row, row.values, table, article
        self.qs, self.qe = quote
        self.cited = cited
        self.refuse = refuse
        self.evidence: list[tuple[str, int, int]] = []
        self.figure: Figure | None = None
        self.figure_column: str | None = None
        self.range_end: str | None = None  # at_least or at_most when the figure ends a range

    def bind(self, column: str, start: int, end: int) -> None:
        self.evidence.append((column, start, end))

    @functools.cached_property
    def quote_figures(self) -> list[Figure]:
        return self.article.figures_in(self.qs, self.qe)

    # ---------------------------------------------------------------- the figure
    def find_figure(self) -> Figure | None:
        """The record's figure in the quote, bound with its currency; None (refused) if absent."""
        for fld in self.table.kinds("amount_text"):
            if self.values.get(fld.name):
                self.figure_column = fld.name
                return self._amount(fld)
        for fld in self.table.kinds("share", "change", "factor", "count"):
            number = self.values.get(fld.name)
            if number is not None:
                self.figure_column = fld.name
                return self._number(fld, Decimal(str(number)))
        return None

    def other_numbers(self) -> None:
        """Numbers a record carries besides its figure ("33 deals" of a package worth $23.6 billion)."""
        for fld in self.table.kinds("share", "change", "factor", "count"):
            number = self.values.get(fld.name)
            if number is not None and fld.name != self.figure_column:
                self._number(fld, Decimal(str(number)))

    def _effective(self, figure: Figure) -> Figure:
        """A range's low end written without its scale ("between 5 and 18 billion dollars")
        takes the high end's scale and currency."""
        if figure.scale or figure.currencies or figure.what != "plain":
            return figure
        following = [f for f in self.quote_figures if f.start >= figure.end]
        if following and RANGE_LOW.match(self.article.text[figure.end:following[0].start]):
            high = following[0]
            return Figure(figure.number, high.scale, high.currencies, high.what, figure.start, figure.end,
                          figure.written)
        return figure

    def _amount(self, fld: Field) -> Figure | None:
        language = self.article.language
        try:
            wanted = v.read_amount(self.values[fld.name], language)
        except v.Invalid:
            return None  # reported where the amount was read
        currency = self.values.get("currency")
        near = []
        for found in map(self._effective, self.quote_figures):
            if found.what not in ("money", "plain") or found.value != wanted.value:
                continue
            codes, unit = self.issued_here(found, found.currencies), None
            if not codes:
                unit = self.declared_unit(found)
                codes = unit[0] if unit else ()
            if currency in codes:
                self.bind(fld.name, found.start, found.end)
                self.bind("currency", *(unit[1] if unit else (found.start, found.end)))
                return found
            near.append((found, codes))
        key = fld.entry_key or fld.name
        if near:
            found, codes = near[0]
            said = " or ".join(codes) if codes else "no currency (and its sentence declares none)"
            self.refuse(fld.name, f"the quote gives `{found.written}` in {said}, not in {currency}",
                        "record the currency the figure's own words name; a currency named for another figure "
                        "does not count")
        else:
            written = [f.written for f in self.quote_figures if f.what == "money" or f.scale]
            self.refuse(fld.name, f"`{self.values[fld.name]}` is not in the quote as a figure of money",
                        f"the quote's figures of money are: {', '.join(written)}" if written
                        else f"quote the sentence that states the amount (`{key}:` is the figure as written)")
        return None

    def issued_here(self, figure: Figure, codes: tuple[str, ...]) -> tuple[str, ...]:
        """Of a currency word two countries share ("manat", "som", "¥"), the currencies of the
        countries the figure's sentence names, when it names any; else all of them."""
        if len(codes) < 2:
            return codes
        named = {place.code for place in self.article.places_in(*self.article.sentence(figure.start))}
        return tuple(code for code in codes if ISSUER.get(code) in named) or codes

    def declared_unit(self, figure: Figure) -> tuple[tuple[str, ...], tuple[int, int]] | None:
        """A unit the figure's sentence declares before it ("Counted in US dollars, …", "(in USD)")."""
        start, _ = self.article.sentence(figure.start)
        words = self.article.words
        for match in re.finditer(r"(?:\bin |\()([^\d,;()]{2,30}?)(?:\)|,| terms)", self.article.text[start:figure.start]):
            codes = words.currency_codes(match.group(1))
            if codes:
                return codes, (start + match.start(1), start + match.end(1))
        return None

    def _number(self, fld: Field, number: Decimal) -> Figure | None:
        low, high = fld.constraints.get("minimum"), fld.constraints.get("maximum")
        if (low is not None and number < low) or (high is not None and number > high):
            return None  # outside the column's range: the schema check says so
        what = {"share": "percent", "change": "percent", "factor": "times", "count": "plain"}[fld.kind]
        wanted = abs(number)
        for found in self.quote_figures:
            if found.what == "times" and fld.kind == "factor" and \
                    re.match(r" (?:lower|less|smaller|fewer|cheaper|below)\b", self.article.text[found.end:found.end + 10]):
                self.refuse(fld.name, f"`{found.written} lower` is a fall to 1/{found.number} of the base, not a change "
                            f"of {wanted} times", "record the figures themselves, or the fall as `change_percent:`")
                return None
            if found.what == what and found.number == wanted and not found.currencies and \
                    (what != "plain" or not found.scale):
                self.bind(fld.name, found.start, found.end)
                return found
        if fld.kind == "factor" and number == int(number):
            for word in FOLD_WORDS["en"].get(int(number), []) + FOLD_WORDS.get(self.article.language, {}).get(int(number), []):
                span = find_phrase(self.article.text, word, self.qs, self.qe)
                if span:
                    self.bind(fld.name, *span)
                    return Figure(number, 0, (), "times", span[0], span[1], word)
        said = {"share": f"{wanted} percent", "change": f"a change of {wanted} percent",
                "factor": f"a change of {wanted} times", "count": f"the count {wanted}"}[fld.kind]
        others = [f.written for f in self.quote_figures if f.number == wanted]
        self.refuse(fld.name, f"{said} is not in the quote" + (f" (it writes `{others[0]}`)" if others else ""),
                    {"share": "quote the sentence that states the share",
                     "change": "quote the words that state the change (`up 20 percent`)",
                     "factor": "quote the words that state it (`tripled`, `fivefold`, `100 times`)",
                     "count": "quote the words that state the count: a number of units, not of money"}[fld.kind])
        return None

    # ---------------------------------------------------------------- its words
    def bind_level(self, figure: Figure) -> None:
        """A level (an amount, a count) is not what a figure rose or fell by: the rise or fall
        words of the table's change column right before it, with "by" ("rose by $2 billion",
        "выросли на 300", "增加了300家"), make it a change by an amount, which no column holds."""
        change = next(iter(self.table.kinds("change")), None)
        if change is None or self.figure_column not in [f.name for f in self.table.kinds("amount_text", "count")]:
            return
        start, _ = self.window(figure)
        by = changed_by(change, self.table.by_name.get("bound"), self.article.language).search(
            self.article.text, start, figure.start)
        if by and not self.cited.covering([(by.start(), figure.end)]):
            words = self.article.text[by.start():figure.end]
            self.refuse(self.figure_column, f"\"{words}\" is what the figure changed by, not its level",
                        "record the level the text states (or the change in percent or as a multiple, with "
                        "`base_period:`), and list a change by an amount under `left_out:` with reason `change_by_amount`")

    def window(self, figure: Figure) -> tuple[int, int]:
        """The words before the figure that may bound it: back to its clause's start (an aside
        skipped: "more than, officials said, $5 billion") or the figure before it, at most WINDOW_WORDS words."""
        sentence_start, _ = self.article.sentence(figure.start)  # the sentence's words, quoted or not
        floor = max([sentence_start] + [f.end for f in self.article.figures_in(sentence_start, figure.start)])
        start = self.article.clause_start(figure.start, floor)
        start = self.article.clause_start(aside.start(), floor) if (aside := ASIDE.search(self.article.text, floor, start)) else start
        words = list(re.finditer(r"\S+", self.article.text[start:figure.start]))
        if len(words) > WINDOW_WORDS:
            start += words[-WINDOW_WORDS].start()
        return start, figure.start

    def range_role(self, figure: Figure) -> str | None:
        """at_least for the low end of "between A and B", at_most for its high end."""
        text = self.article.text
        sentence_start, _ = self.article.sentence(figure.start)
        before = text[max(sentence_start, figure.start - 40):figure.start]
        if re.search(r"(?:between|from|от|между|在) ?\S+(?: \S+)? ?(?:and|to|-|–|до|至|到) ?$", before) and \
                any(f.end <= figure.start and RANGE_LOW.match(text[f.end:figure.start]) for f in self.quote_figures):
            return "at_most" if re.search(r"between|между|在", before) else None
        following = [f for f in self.quote_figures if f.start >= figure.end]
        lead = text[max(sentence_start, figure.start - 12):figure.start].lower()
        if following and RANGE_LOW.match(text[figure.end:following[0].start]) and re.search(r"(?:between|между) $", lead):
            return "at_least"
        return None

    def bind_bound(self, fld: Field, figure: Figure) -> None:
        value = self.values.get(fld.name) or fld.default
        table_cues = cues(fld, self.article.language)
        start, end = self.window(figure)
        found = find_cues(self.article.text, table_cues, start, end, before=True)
        found += find_cues(self.article.text, table_cues, figure.end, min(figure.end + 16, self.qe), before=False)
        role = self.range_role(figure)
        if role:
            found = [(role, figure.start, figure.end)]
        found = [cue for cue in found if not self.bounds_a_multiple(cue[2], figure)
                 and not begins_a_span_of_time(self.article.text, cue[2], self.article.language)]
        self.settle(fld, value, found, fld.default)

    def bounds_a_multiple(self, end: int, figure: Figure) -> bool:
        """Whether a bound word ending at `end` bounds a multiple that is not the figure ("more
        than doubled to $3 billion"; in "grew more than fivefold" the multiple is the figure)."""
        text = self.article.text
        at = end + len(text[end:end + 24]) - len(text[end:end + 24].lstrip())
        if figure.start <= at < figure.end:
            return False
        after = text[at:at + 24].lower()
        language = self.article.language
        return any(after.startswith(word) for words in [*FOLD_WORDS["en"].values(), *FOLD_WORDS.get(language, {}).values()]
                   for word in words)

    def bind_kind(self, fld: Field, figure: Figure | None) -> None:
        value = self.values.get(fld.name) or fld.default
        if figure is None:
            return
        sentence_start, sentence_end = self.article.sentence(figure.start)  # quoted or not: a trimmed quote hides nothing
        start = sentence_start
        after = self.article.text[figure.end:sentence_end]
        stop = re.search(rf"{COMMA}|[;:]| and | but | while ", after)
        end = figure.end + (stop.start() if stop else len(after))
        found = find_cues(self.article.text, cues(fld, self.article.language), start, end, before=True)
        self.settle(fld, value, found, fld.default)

    def settle(self, fld: Field, value, found: list[tuple[str, int, int]], plain) -> None:
        """The value agrees with the cue words found by its figure: one names it, or none was
        found and it is the column's plain value; else the wording note must cite the words."""
        key = fld.entry_key or fld.name
        if value not in fld.constraints.get("enum", [value]):
            return  # not a value of the column: the schema check says so
        denied = {cue[4:] for cue, _, _ in found if cue.startswith("not ")}
        if fld.name == "bound":  # "did not exceed": at most; "no less than" is a cue of its own
            found = [(DENIED_BOUND.get(cue[4:], "") if cue.startswith("not ") else cue, a, b) for cue, a, b in found]
            found = [c for c in found if c[0]]
            denied = set()
        else:
            found = [c for c in found if not c[0].startswith("not ")]
        agreeing = [(s, e) for cue, s, e in found if cue == value]
        if agreeing:
            self.bind(fld.name, *agreeing[0])
            return
        if not found and (plain is None or value == plain) and value not in denied:
            return  # no cue (or only denied ones, of other values): the plain value, or any of a column without one
        if value in denied and not found:
            self.refuse(fld.name, f"the quote's words deny `{value}`", f"write `{key}:` as the quote does")
            return
        cited = self.cited.vouches(fld, value, self.article,
                                   within=self.article.sentence(self.figure.start) if fld.name == "bound" and self.figure
                                   else None) or self.cited.covering([(a, b) for _, a, b in found])
        if cited:
            self.bind(fld.name, *cited)
            return
        said = " or ".join(sorted({f"`{cue}`" for cue, _, _ in found})) if found else f"`{plain}`"
        words = ", ".join(sorted({f'"{self.article.text[s:e]}"' for _, s, e in found}))
        self.refuse(fld.name, f"the quote's words by the figure call for {key} {said}, not `{value}`" +
                    (f" (the words: {words})" if words else ""),
                    f"write `{key}:` as the quote does, or cite the article's words that show otherwise in "
                    "`wording_note`, in double quotes, and say why")
