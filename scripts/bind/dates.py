"""Binding a record's dates: each figure's own date (the nearest date in its clause, else in
its sentence; a date after "from", "since" or "compared with" is a base; "the previous year",
"годом ранее", "上年" are dates of the figure nearest them: scripts/bind/relative.py, and a
figure without a date of its own never takes one of those), a phrase of `<date>_as_written`
that resolves to it, or words of the article a note cites, in double quotes, that show it.
A part of a year (scripts/bind/periods.py) never shows its year, and a date its words give
against the publication date ("since the beginning of this year") is written in
`<date>_as_written`, so that the published note says how it was read."""

from __future__ import annotations

import dataclasses
import re

from scripts.bind.cues import Cited, cues, find_cues
from scripts.bind.measures import Measures
from scripts.bind.mentions import Article, fiscal_starts
from scripts.bind.phrases import find_phrase
from scripts.bind.periods import UNKNOWN_YEAR, is_part
from scripts.bind.quote_text import normal
from scripts.bind.relative import year_earlier_words
from scripts.core.vocabulary import LANGUAGES, measure_noun, vocabulary
from scripts.derive import values as v

NOT_THIS_WEEK = re.compile(r"\b(?:will|shall|are to|is to|to be|next|last week|a week ago|previous week)\b|будет|будут|"
                           r"подпишут|прошлой неделе|следующ|将|拟|下周|上周", re.IGNORECASE)
# Words of a change measured from another span than the same one a year before.
OTHER_SPAN = re.compile(r"(?:month|quarter|week)[- ]on[- ](?:month|quarter|week)|m-o-m|q-o-q|mom\b|qoq\b|环比|"
                        r"предыдущ\w+ (?:месяц|квартал)|прошл\w+ (?:месяц|квартал)|previous (?:month|quarter)|"
                        r"preceding (?:month|quarter)|the whole of", re.IGNORECASE)
SAME_PERIOD = re.compile(r"(?:same|corresponding|like) (?:period|months) (?:of|in) $|(?:аналогичн|соответствующ)\w+ "
                         r"период\w* $", re.IGNORECASE)  # then a year
YEAR_ON_YEAR = re.compile(r"(?<![\w-])(?:year[- ]on[- ]year|y-o-y|yoy|(?:from|than|compared (?:with|to)|over) (?:a year "
                          r"(?:earlier|ago|before)|the previous year|the year before)|over the same "
                          r"period (?:of|in) (?:the previous|last) year|по сравнению с (?:аналогичным|соответствующим) периодом"
                          r"(?: прошлого года)?|(?:чем )?годом ранее|по сравнению с (?:прошлым|предыдущим) годом)(?![\w-])|同比|比上年|较上年",
                          re.IGNORECASE)
# Words right before a figure that make it the base of a change ("compared with $31 billion").
BASE_FIGURE = re.compile(r"(?:(?<![\w-])(?:compared (?:with|to)|against|versus|vs\.?|from|по сравнению с|против)|比|较) ?$",
                         re.IGNORECASE)
RELATIVE = re.compile(r"(?:\d+ years ago|last year|this year|next year|a year ago|the previous year|currently|now|"
                      r"at present|to date|so far|today|прошлом году|этом году|текущем году|в настоящее время|"
                      r"去年|今年|明年|目前)", re.IGNORECASE)


def compatible(value: str, mention: str, span: bool = False) -> bool:
    """A recorded date the words show: the same, or less precise (2014 from "March 2014"). A
    part of a year (a quarter, a half, a run of months or days) is never its whole year, and where
    the column is the span a figure covers (`x-span`), neither is a month or a day, but for the
    year's last day ("by the end of 2025": the year a flow reaches its figure in)."""
    if mention == value:
        return True
    if span:
        return mention == f"{value}-12-31"
    return mention.startswith(value + "-") and not is_part(mention)


def other_week(article: Article, words: str, at: int) -> bool:
    """The words name a day of the week (the vocabulary's, from CLDR: "Thursday", "в среду",
    "周四") in a sentence of another week than the publication's ("will sign", "上周四"): not
    the last such day up to publication."""
    low = words.lower()
    return any(day in low for language in LANGUAGES for day in vocabulary(language).weekdays) and \
        bool(NOT_THIS_WEEK.search(article.text, *article.sentence(at)))


def shows_date(article: Article, value: str, start: int, end: int, covers: bool = False) -> bool:
    """Words of the article at [start, end) show the date `value`: a date of it, or a phrase
    relative to the publication date ("30 years ago") that resolves to it."""
    if any(compatible(value, d.value, covers) for d in article.dates_in(start, end)):
        return True
    run = re.fullmatch(r"([0-9]{4})-([0-9]{2})/([0-9]{4})-([0-9]{2})", value)  # twelve months of a fiscal year cited
    if run and int(run[1]) in fiscal_starts(article.text, start, end) and \
            (int(run[3]) - int(run[1])) * 12 + int(run[4]) - int(run[2]) == 11:
        return True
    words = article.text[start:end]  # "March 14", "on Thursday": cited alone (not "will sign on Thursday")
    whole = None if other_week(article, words, start) else v.resolve_relative(words, article.published)
    return (whole is not None and compatible(value, whole, covers)) or \
        any(compatible(value, v.resolve_relative(m.group(), article.published) or "-", covers)
            for m in RELATIVE.finditer(article.text, start, end))


class Dates(Measures):
    """A record's dates."""

    def dates_record(self, mention) -> bool:
        """A year that is an attribute ("the 2004 deal") dates what it names: this record only
        when it names the record's measure ("the 2014 trade volume") or the record itself (its
        `name`)."""
        if not mention.modifies:
            return True
        name = {w.lower() for w in re.findall(r"[^\W\d_]+", str(self.values.get("name") or ""))}
        return any(measure_noun(word, self.article.language) or word.lower() in name
                   for word in re.findall(r"[^\W\d_]+", mention.modifies))

    def own_dates(self, figure) -> list:
        article = self.article
        if figure is None:  # a record's name dates it by the dates of its clause (scripts/bind/structure.py)
            start, end = self.name_clause() or (self.qs, self.qe)
            dates = [d for d in article.dates_in(max(start, self.qs), min(end, self.qe)) if self.dates_record(d)]
            named = self.instruments()  # another document's date is not its date, but one after both ("… in 2023")
            mine = [d for d in dates if self.of_instrument(d.start)] or [d for d in dates if named and d.start >= named[1][1]]
            return self.stage_dates(mine, start, end)
        start, end = article.sentence(figure.start)
        dates = [d for d in article.dates_in(max(start, self.qs), min(end, self.qe)) if self.dates_record(d)]
        paired = self.respective(figure, dates)
        if paired is not None:
            return [paired]
        figures = [f for f in self.quote_figures if start <= f.start < end]

        def distance(date, other) -> int:
            return date.start - other.end if date.start >= other.end else other.start - date.end

        def owner(date):  # the nearest figure of the date's own clause, else the nearest of its sentence
            clause = [f for f in figures if self.same_clause(date, f, start)]
            return min(clause or figures, key=lambda f: distance(date, f), default=None)
        owners = {d: owner(d) for d in dates}
        owned = [d for d in dates if owners[d] is figure]
        mine = [d for d in owned if self.same_clause(d, figure, start)]  # of its own clause, its date is that one
        owned = [d for d in owned if d in mine or not any(m.base == d.base for m in mine)]
        # a figure without a date of its own shares the sentence's, never one a year before another figure,
        # and a figure a change is measured from ("compared with $31 billion") none of another figure's
        base_figure = BASE_FIGURE.search(article.text, max(start, figure.start - 30), figure.start)
        shared = [d for d in dates if not (owners[d] is not None and (base_figure or year_earlier_words(article, d)))]
        return owned + [d for d in shared if d not in owned and not any(o.base == d.base for o in owned)]

    def stage_dates(self, dates: list, start: int, end: int) -> list:
        """With the words of two stages in the clause ("signed in 2017, took effect in 2018"), the
        dates nearest the words of the recorded stage (`status`); else the clause's dates."""
        fld = self.table.by_name.get("status")
        said = [(a, b) for column, a, b in self.evidence if column == "status" and start <= a < end]
        if fld is None or not said or len(dates) < 2:
            return dates
        stages = find_cues(self.article.text, cues(fld, self.article.language), start, end, before=True)

        def nearest(date):  # the stage word before the date ("signed in 2017"); Chinese writes it after ("2017年签署")
            before = [c for c in stages if c[2] <= date.start]
            after = [c for c in stages if c[1] >= date.end]
            first, then = (after[:1], before[-1:]) if self.article.language == "zh" else (before[-1:], after[:1])
            return (first or then)[0][1:]
        return [d for d in dates if nearest(d) in said] or dates

    def note_shows(self, value: str, span: tuple[int, int], covers: bool, figure) -> bool:
        """Words a note cites show the date: a date of theirs, or, for the publication date
        itself, words of the figure's own undated sentence ("has risen fivefold since 2017",
        "the company now employs"): what a figure says in the present it says as of the day
        the article was published."""
        if shows_date(self.article, value, *span, covers):
            return True
        own = self.article.sentence(figure.start) if figure is not None else (self.qs, self.qe)
        return value == self.article.published.isoformat() and span[0] < own[1] and own[0] < span[1]

    def change_within(self, figure, period) -> re.Match | None:
        """A change dated by its period alone, with no words for its base ("rose 20 percent in
        2023", "рост на 15% за январь–сентябрь 2024 года"): measured from the same span a year
        before, as figures of a year's growth are; the period's words, as a match."""
        if figure is None or OTHER_SPAN.search(self.article.text, *self.article.sentence(figure.start)):
            return None  # "month-on-month", "环比", "к предыдущему месяцу": another base than a year before
        text = self.article.text

        def alone(at: int) -> bool:  # no date in the sentence but the period's: no base unread
            return all(d.value == str(period) or d.modifies == "since" for d in self.article.dates_in(*self.article.sentence(at)))

        def words(start: int, end: int) -> re.Match:  # the words, as a match (as YEAR_ON_YEAR's)
            return re.compile(re.escape(text[start:end])).match(text, start)
        if not alone(figure.start):
            return None
        own = next((d for d in self.own_dates(figure) if not d.base and not d.relative and d.value == str(period)), None)
        if own is not None:
            return words(own.start, own.end)
        dated = [(a, b) for column, a, b in self.evidence if column == self.table.dated_by]  # dated by a note's words
        return words(*dated[-1]) if dated and alone(dated[-1][0]) else None

    def same_clause(self, date, figure, floor: int) -> bool:
        """No clause boundary between a date and a figure ("$41 billion in 2023, compared with
        $31 billion the previous year": the previous year is the $31 billion's)."""
        first, second = sorted((date.start, figure.start))
        return self.article.clause_start(second, floor) <= first

    def bind_date(self, name: str, figure, base: bool) -> None:
        value = self.values.get(name)
        if not value:
            return
        key = name
        covers = bool((self.table.by_name.get(name).descriptor if name in self.table.by_name else {}).get("x-span"))
        phrase = self.row.written.get(name)
        note = Cited(self.values.get(f"{name}_note"), self.article.text)
        own = [d for d in self.own_dates(figure) if not d.base] if figure is not None and not base else []
        if phrase and own and not any(compatible(value, d.value, covers) for d in own):
            said = ", ".join(sorted({d.value for d in own}))
            self.refuse(name, f"the quote dates this figure {said}, not {value} (`{phrase}` is not its date)",
                        "record the date the words by the figure give")
            return
        if phrase:
            span = find_phrase(self.article.text, normal(phrase), self.qs, self.qe)
            if span is None:
                self.refuse(f"{name}_as_written", f"`{phrase}` is not in the quote as words",
                            "copy the phrase exactly as the quote has it")
                return
            dated_by = self.table.meta.get("dated_by")
            measured_to = self.values.get(dated_by) if base and dated_by != name else None
            resolved = (v.resolve_before(phrase, str(measured_to)) if measured_to else None) \
                or v.resolve_relative(phrase, self.article.published)  # "from the previous year": before the period
            if other_week(self.article, phrase, span[0]):
                resolved = None  # "will sign on Thursday", "上周四": not the last Thursday up to publication
            if resolved is not None and compatible(value, resolved, covers):
                self.bind(name, *span)
                return
            cited = next((s for s in note.spans if self.note_shows(value, s, covers, figure)), None)
            if cited and note.reasoned:
                self.bind(name, *span)
                self.bind(name, *cited)
                return
            self.refuse(name, f"`{phrase}` does not say {value} by itself",
                        f"copy, in double quotes in `{name}_note`, the article's words that date it, and say how")
            return
        period = self.values.get(self.table.dated_by or "") if base else None
        if base and period and v.date_start(value) >= v.date_start(period):
            self.refuse(name, f"the base period {value} is not before the period {period}",
                        "a change is measured from an earlier period: check both")
            return
        dates = [d for d in self.own_dates(figure) if d.base == base] if figure is not None else self.own_dates(None)
        implied = YEAR_ON_YEAR.search(self.article.text, self.qs, self.qe) if base and not dates else None
        within = self.change_within(figure, period) if base and not dates and period and not implied else None
        implied = implied or within
        if implied:  # the base the words imply: the same span a year before; no note says otherwise
            if period and value == v.shift_years(period, -1):
                self.bind(name, *implied.span())
                return
            before = v.shift_years(period, -1) if period else "the same span a year before the period"
            self.refuse(name, (f"a change dated \"{implied.group()}\", with no words for its base," if within else
                               f"\"{implied.group()}\"") + f" measures the change from {before}, not from {value}",
                        f"write `{name}: {before}`, or quote the words that give another base" if period
                        else "record the period too")
            return
        if base and period and not re.fullmatch(r"[0-9]{4}", str(period)):  # "from the same period of 2023": the
            dates = [dataclasses.replace(d, value=v.shift_years(str(period), int(d.value) - int(str(period)[:4])))
                     if re.fullmatch(r"[0-9]{4}", d.value) and SAME_PERIOD.search(self.article.text, max(0, d.start - 30), d.start)
                     else d for d in dates]  # period's part of the year in 2023, not the whole year
        agreeing = [d for d in dates if compatible(value, d.value, covers)]
        if agreeing and agreeing[0].relative:  # its words resolve against the publication date: say so in the note
            words = self.article.text[agreeing[0].start:agreeing[0].end]
            self.refuse(name, f"the quote gives {value} as \"{words}\", against the publication date",
                        f"write `{name}_as_written: {words}`")
            return
        if agreeing:
            self.bind(name, agreeing[0].start, agreeing[0].end)
            return
        cited = next((s for s in note.spans if self.note_shows(value, s, covers, figure)), None)
        if cited and note.reasoned and not dates:  # a note dates a figure its quote leaves undated, never against it
            self.bind(name, *cited)
            return
        if dates:
            said = ", ".join(sorted({d.value if UNKNOWN_YEAR not in d.value else "a part of a year whose year the words "
                                     "do not give" for d in dates}))
            self.refuse(key, f"the quote dates this {'base of the change' if base else 'figure'} {said}, not {value}",
                        "record the date the words by the figure give (the nearest date in its sentence; "
                        "`from 2012` is a base)")
        else:
            self.refuse(key, f"the quote does not show {value}" + (" as a year the change is measured from" if base else ""),
                        f"quote the words that date it, give them in `{name}_as_written`, or copy the article's "
                        f"words that date it, in double quotes, into `{name}_note` and say how")

    # ---------------------------------------------------------------- places
