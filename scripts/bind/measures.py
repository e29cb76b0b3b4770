"""Binding the words of a figure's measure and of the columns that list cue words: a
percentage is a share or a change as the word nearest it says, a change's sign is the
nearest rise or fall word's; a status, flow, measure or counted unit by the cue words of
its column (`x-cues`) in the figure's sentence."""

from __future__ import annotations

import re

from scripts.bind.binder import Binder
from scripts.bind.cues import cue_values, cues, find_cues
from scripts.bind.mentions import COMMA
from scripts.bind.structure import named_clause, respective
from scripts.core.vocabulary import Figure
from scripts.schema.model import Field

DOCUMENTS = {"agreement", "declaration", "deal_package"}  # the kinds of instrument a clause may name several of


class Measures(Binder):
    """A figure's measure and its columns' cue words."""

    def bind_percent_kind(self, figure: Figure) -> None:
        """A percentage is a share or a change as the words nearest to it say; a change's sign is
        the nearest rise or fall word's."""
        share = next(iter(self.table.kinds("share")), None)
        change = next(iter(self.table.kinds("change")), None)
        if figure.what != "percent" or (share is None and change is None):
            return
        start, end = self.article.sentence(figure.start)
        found = []
        for fld in (share, change):
            if fld is not None:
                found += find_cues(self.article.text, cues(fld, self.article.language), start, end, before=True)
        if not found:
            recorded = share if share is not None and self.values.get(share.name) is not None else change
            self.refuse(recorded.name, "the quote's words do not say whether this percentage is a share or a change",
                        "quote the words that say it (`making up`, `a share of`, `grew`, `fell`)")
            return
        nearest = min(found, key=lambda c: c[1] - figure.end if c[1] >= figure.end else figure.start - c[2])
        what, s, e = nearest
        if share is not None and self.values.get(share.name) is not None:
            if what != "share" and not self.cited.vouches(share, "share", self.article):
                self.refuse(share.name, f"the quote's word nearest the figure, \"{self.article.text[s:e]}\", makes "
                            "it a change, not a share", "record it as `change_percent:` with `base_period:`")
            else:
                self.bind(share.name, s, e)
        elif change is not None and self.values.get(change.name) is not None:
            number = self.values[change.name]
            sign = "fall" if number < 0 else "rise"
            if what == sign or self.cited.vouches(change, sign, self.article):
                self.bind(change.name, s, e)
            elif what == "share":
                self.refuse(change.name, f"the quote's word nearest the figure, \"{self.article.text[s:e]}\", makes "
                            "it a share, not a change", "record it as `share_percent:` with `share_base:`")
            else:
                self.refuse(change.name, f"the quote states a {what}, not a {sign}",
                            f"write `{change.entry_key}: {-number}`: a fall is a negative change "
                            f"(the word: \"{self.article.text[s:e]}\")")

    def name_clause(self) -> tuple[int, int] | None:
        """For a record without a figure that names its thing (an agreement), the clause of its
        name in the quote: its parties, stage and date are those words'."""
        if self.figure is not None or "name" not in self.table.by_name:
            return None
        spans = sorted((a, b) for column, a, b in self.evidence if column == "name" and self.qs <= a < self.qe)
        return named_clause(self.article, (spans[0][0], spans[-1][1])) if spans else None

    def instruments(self) -> tuple[list[tuple[int, int]], tuple[int, int]] | None:
        """In the clause of the record's name: the words that name a document (the `type` column's
        cue words of DOCUMENTS: "a memorandum with Georgia and a joint statement with Armenia"),
        sorted, the record's own name among them; and that name. None without a name's clause."""
        clause, fld = self.name_clause(), self.table.by_name.get("type")
        if clause is None or fld is None or not fld.descriptor.get("x-cues"):
            return None
        spans = [(a, b) for column, a, b in self.evidence if column == "name" and self.qs <= a < self.qe]
        name = (spans[0][0], spans[-1][1])
        found = {(a, b) for kind, a, b in find_cues(self.article.text, cues(fld, self.article.language), *clause,
                                                    before=True) if kind in DOCUMENTS and (b <= name[0] or a >= name[1])}
        return sorted(found | {name}), name

    def of_instrument(self, at: int) -> bool:
        """Words at `at` are the record's instrument's, or every instrument's: the last instrument
        named before them is the record's, or none is ("China signed a memorandum with Georgia
        and a joint statement with Armenia": Armenia is the statement's; China both)."""
        named = self.instruments()
        before = [span for span in named[0] if span[1] <= at] if named else []
        return not before or before[-1] == named[1] or named[1][0] <= at < named[1][1]

    def governs(self, cue: tuple[str, int, int], stages: list) -> bool:
        """A stage word is the record's instrument's: the instruments after it, to the next stage
        word, are its objects ("signed a memorandum and a joint statement"); passive ("was
        signed") or with none after it, the instrument before it is its subject."""
        named = self.instruments()
        if named is None:
            return True
        text, (spans, mine) = self.article.text, named
        passive = re.search(r"(?:\b(?:was|were|is|are|been|be|being)|[-,]) ?$", text[max(0, cue[1] - 8):cue[1]]) or \
            re.fullmatch(r"[а-яё]+н[аоы]?", text[cue[1]:cue[2]].lower())
        following = [c[1] for c in stages if c[1] > cue[1] and not mine[0] <= c[1] < mine[1]]  # not words of its name
        objects = [span for span in spans if span[0] >= cue[2] and (not following or span[0] < following[0])]
        if objects and not passive:
            return mine in objects
        before = [span for span in spans if span[1] <= cue[1]]
        return bool(before) and before[-1] == mine or not before and mine in objects

    def clause(self, figure: Figure) -> tuple[int, int]:
        """The figure's clause: from the boundary before it to the boundary after it."""
        sentence_start, sentence_end = self.article.sentence(figure.start)
        start = self.article.clause_start(figure.start, max(sentence_start, self.qs))
        after = self.article.text[figure.end:min(sentence_end, self.qe)]
        stop = re.search(rf"{COMMA}|[;:]| and | but | while | whereas ", after)
        return start, figure.end + (stop.start() if stop else len(after))

    def respective(self, figure: Figure, items: list):
        """With "respectively", the one of `items` (a figure's words before its list: dates, cue
        words) of the figure's rank, when there is one per figure; else None."""
        rank = respective(self.article, figure)
        if rank is None:
            return None
        start = [item.start if hasattr(item, "start") else item[1] for item in items]
        before = [item for item, at in zip(items, start) if at < rank.start]
        after = [item for item, at in zip(items, start) if at > figure.end]
        return rank.pick(items) or rank.pick(before) or rank.pick(after)

    def nearest_cue(self, found: list[tuple[str, int, int]], figure: Figure) -> tuple[str, int, int] | None:
        """The cue of the figure's own clause nearest it; else the last before it; else the nearest
        (with "respectively", the one of the figure's rank)."""
        paired = self.respective(figure, sorted(found, key=lambda c: c[1]))
        if paired is not None:
            return paired
        start, end = self.clause(figure)
        own = [c for c in found if start <= c[1] < end]
        # a cue after the figure, in a later figure's own clause, is that figure's ("invested $500
        # million in 2023, bringing the total to $26 billion": "total" is the $26 billion's)
        others = [self.clause(f) for f in self.quote_figures if f.start > figure.start and f.what == figure.what]
        free = [c for c in found if c[1] < figure.start or not any(a <= c[1] < b for a, b in others)]
        before = [c for c in free if c[2] <= figure.start]
        pool = own or before[-1:] or free
        return min(pool, key=lambda c: abs(c[1] - figure.start)) if pool else None

    def bind_cued(self, fld: Field, figure: Figure | None) -> None:
        """A value whose column lists cue words (status, measure, flow): the cues of the quote
        (nearest the figure, if there is one) must name it; none found, any value stands."""
        value = self.values.get(fld.name)
        if value is None:
            return
        found = find_cues(self.article.text, cues(fld, self.article.language), self.qs, self.qe, before=True)
        if figure is not None:
            start, end = self.article.sentence(figure.start)  # the figure's sentence, quoted or not
            found = find_cues(self.article.text, cues(fld, self.article.language), start, end, before=True) or found
            if fld.descriptor.get("x-cues-nearest") and found:
                nearest = self.nearest_cue(found, figure)
                found = self.not_other(fld, value, found, nearest, figure) if nearest else []
        for column in [fld.descriptor["x-cues-with"]] if not found and fld.descriptor.get("x-cues-with") else []:
            for start, end in {self.article.sentence(a) for c, a, _ in self.evidence if c == column}:
                found += find_cues(self.article.text, cues(fld, self.article.language), start, end, before=True)
        own = self.name_clause()
        if own is not None:  # another clause's stage or type is another thing's; another instrument's stage too
            found = [c for c in found if own[0] <= c[1] < own[1]]
            found = [c for c in found if fld.name == "type" or self.governs(c, found)]
        if fld.descriptor.get("x-cues-required") and not found and not self.cited.vouches(fld, value, self.article):
            words = ", ".join(f'"{w}"' for w in cue_values(fld, self.article.language).get(value, [])[:4])
            self.refuse(fld.name, f"the quote has no words that say `{value}`",
                        f"quote the words that state it ({words}), or copy the article's words that do, in double "
                        "quotes, into `wording_note` and say why")
            return
        if found and found[0][0] not in fld.constraints.get("enum", [found[0][0]]) and len(found) == 1 and \
                not found[0][0].startswith("not ") and \
                not self.cited.vouches(fld, value, self.article):
            words = self.article.text[found[0][1]:found[0][2]]
            self.refuse(fld.name, f"the words by the figure, \"{words}\", do not state a {fld.name} of this table "
                        f"({', '.join(fld.constraints.get('enum', []))})",
                        f"record a figure only when its own words state its {fld.name}, or cite the words that do "
                        "in `wording_note`, in double quotes, and say why")
            return
        if found:
            self.settle(fld, value, found, None)

    def not_other(self, fld: Field, value, found, nearest, figure: Figure) -> list:
        """The cue that names the figure's measure. Words of `other` (transit, cargo, sales: not
        trade between the places) name it only when no word of the record's value is in the
        figure's own clause ("trade, including transit cargo, reached" is trade)."""
        if nearest[0] != "other":
            return [nearest]
        start, end = self.clause(figure)
        sentence_start, sentence_end = self.article.sentence(figure.start)
        own = [c for c in found if c[0] == value and max(start, sentence_start) <= c[1] < end]
        if own and not any(a <= own[0][1] < b for _, a, b in found if _ == "other"):
            return [own[0]]
        return [nearest]
