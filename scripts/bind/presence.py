"""Binding who is party to an agreement, a company's presence in a place, and a group as a
figure's place (only where no member of it is: scripts/bind/structure.py `members_named`).

An agreement's parties are places its own clause (scripts/bind/structure.py `named_clause`)
names before or in its name ("China and Georgia signed a memorandum"), or after it as its
parties ("a memorandum between China and Georgia", "with Georgia"), or refers back to ("the
two countries"): not a place named after it in other words ("a transit agreement that will
help Chinese exporters"), nor one of another clause ("…, while China and Armenia adopted …");
and a figure after words that include an item in it ("12 agreements, including a $300
million loan deal") is the item's, not the agreement's.

A company's presence in a place: the quote must join the company and the place in
the company's own clause, with no words between them that deny the presence ("has no branch
in"), end it ("has withdrawn from", "closed its office in") or only plan it ("is considering
entering", "plans to open"), and the company itself, not "Huawei's rivals", as the one there.

The company's own clause: its sentence from the last clause boundary after another company's
name to the last boundary before the next company's ("Huawei … in Uzbekistan, while ZTE works
in Kazakhstan": Uzbekistan is Huawei's, Kazakhstan ZTE's); companies listed together ("Huawei
and ZTE operate in …") share theirs. The words are the host column's `x-presence` per
language (schemas/companies.yaml).
"""

from __future__ import annotations

import re

from scripts.bind.cues import CueSet, find_cues
from scripts.bind.mentions import COMMA
from scripts.bind.phrases import find_phrase, may_find
from scripts.bind.quote_text import normal
from scripts.bind.sayers import REFER_BACK, Sayers, phrase_in
from scripts.bind.structure import ITEM_OF, LIST_JOIN, members_named, only_included

CLAUSE_BREAK = re.compile(rf"{COMMA}|[;:]|(?<![\w-])(?:and|while|whereas|but|а|и|но)(?![\w-])|[，；。]")
# A new predicate of the same company ("has withdrawn from X but operates in Y"): the words of
# its place start there.
PREDICATE_BREAK = re.compile(r"[;:]|(?<![\w-])(?:and|while|whereas|but|а|и|но|однако)(?![\w-])|[，；]|但")
# A clause of a subject of its own ("…, while ZTE works in Kazakhstan").
CLAUSE_OF_ITS_OWN = re.compile(r"[;:]|(?<![\w-])(?:while|whereas|but|а|но|однако)(?![\w-])|[；]|但|而")
PARTY_LEAD = re.compile(r"(?:(?<![\w-])(?:between|with|among|amongst|by|and|to|между|с|со|и)|[,、与和同跟])\s*(?:the\s+)?$",
                        re.IGNORECASE)
EXPLICIT_PARTIES = re.compile(r"(?<![\w-])(?:between|by|among|amongst|между)\s+(?:the\s+)?(?:[\w-]+(?:,\s*|\s+and\s+|"
                              r"\s+и\s+|\s+))*$", re.IGNORECASE)
WHAT_THEY_SAY = {"denied": "deny", "ended": "end", "planned": "only plan"}


def presence_cues(fld, language: str) -> CueSet:
    words = fld.descriptor.get("x-presence") or {}
    return CueSet((value, tuple(phrases)) for value, phrases in (words.get(language) or words.get("en") or {}).items())


LISTED = re.compile(r" ?(?:,|and|or|, and|as well as|и|или|、|和|及)? ?(?:from |in |into |to |the |из |в |во )?")


RELATIVE_CLAUSE = re.compile(r", (?:whose|which|who|where|that|чей|чья|чьи|котор\w*|где)(?![\w-])[^,;]*,", re.IGNORECASE)


def outside_relatives(text: str, start: int, end: int, place) -> list[tuple[int, int]]:
    """The pieces of text[start:end] outside relative clauses (", whose rivals operate in Armenia,")
    that do not hold `place`: words about something else than the company's own presence there."""
    pieces, at = [], start
    for match in RELATIVE_CLAUSE.finditer(text, start, end):
        if not match.start() <= place.start < match.end():
            pieces.append((at, match.start()))
            at = match.end()
    return pieces + [(at, end)]


def inside(place, mentions) -> bool:
    """The place is part of a company's name ("Bank of China")."""
    return any(a <= place.start and place.end <= b for a, b, _ in mentions)


def first_of_list(text: str, places: list, place):
    """The first place of the list `place` ends ("Turkmenistan and Georgia"): the words before
    it are the list's."""
    earlier = [p for p in places if p.end <= place.start]
    while earlier and LISTED.fullmatch(text, earlier[-1].end, place.start):
        place = earlier.pop()
    return place


class Presence(Sayers):
    """A company's presence in its host place."""

    def company_mentions(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """(start, end, entity id) of each company the sentence names, "the company" for the last named."""
        text, out = self.article.text, []
        names = self.article.entity_names
        for name in may_find(names, text[start:end]):  # the others are not there
            ids = names[name]
            at = start
            while (span := find_phrase(text, name, at, end)) is not None:
                out.append((*span, ids[0]))
                at = span[1]
        named = list(out)
        for back in REFER_BACK.finditer(text, start, end):  # "the bank", but not of "the Bank of China"
            last = self.last_entity(back.start())
            out += [(*back.span(), last[0])] if last and not any(a < back.end() and back.start() < b
                                                                    for a, b, _ in named) else []
        out.sort()
        return [m for m in out if not any(o != m and o[0] <= m[0] and m[1] <= o[1] for o in out)]  # the longest name

    def own_clause(self, mention, others, start: int, end: int) -> tuple[int, int]:
        """The company's clause: bounded by the last break before the next company named apart from it."""
        text = self.article.text

        def apart(a, b) -> bool:  # two companies not listed together: a place, or a clause of its own, between them
            lo, hi = min(a[1], b[1]), max(a[0], b[0])
            return a[2] != b[2] and not LIST_JOIN.match(text[lo:hi]) and \
                bool(CLAUSE_OF_ITS_OWN.search(text, lo, hi) or any(p.code and not inside(p, others)
                                                                   for p in self.article.places_in(lo, hi)))
        before = [o for o in others if o[1] <= mention[0] and apart(o, mention)]
        after = [o for o in others if o[0] >= mention[1] and apart(o, mention)]
        if before:
            breaks = list(CLAUSE_BREAK.finditer(text, before[-1][1], mention[0]))
            start = breaks[-1].end() if breaks else before[-1][1]
        if after:
            breaks = list(CLAUSE_BREAK.finditer(text, mention[1], after[0][0]))
            end = breaks[-1].start() if breaks else after[0][0]
        return start, end

    def bind_presence(self) -> None:
        host = next((f for f in self.table.fields if f.descriptor.get("x-presence")), None)
        entity = next(iter(self.table.kinds("entity")), None)
        code = self.values.get(host.name) if host else None
        ident = self.values.get(entity.name) if entity else None
        if not code or not ident:
            return
        text, words = self.article.text, presence_cues(host, self.article.language)
        said = []
        sentences = {self.article.sentence(self.qs)} | {self.article.sentence(s) for s in self.article.sentence_starts
                                                         if self.qs <= s < self.qe}
        for sentence in sorted(sentences):
            start, end = max(sentence[0], self.qs), min(sentence[1], self.qe)
            mentions = self.company_mentions(start, end)
            for mine in (m for m in mentions if m[2] == ident):
                a, b = self.own_clause(mine, mentions, start, end)
                places = [p for p in self.article.places_in(a, b) if p.code == code and not inside(p, mentions)]
                if not places:
                    said.append(("elsewhere", *mine[:2]))
                    continue
                listed = self.article.places_in(a, b)
                for place in places:
                    place = first_of_list(text, listed, place)  # "withdrawn from Turkmenistan and Georgia"
                    if place.start >= mine[1]:  # the company's words about the place: from its last predicate on
                        lo = max([mine[1]] + [m.end() for m in PREDICATE_BREAK.finditer(text, mine[1], place.start)])
                        hi = place.start
                    elif CLAUSE_OF_ITS_OWN.search(text, place.end, mine[0]) or \
                            re.search(r",\s*(?:and|и|а)(?![\w-])", text[place.end:mine[0]]):
                        continue  # a place before the company, in a clause of its own
                    else:
                        lo, hi = place.end, mine[0]
                    tail = mine[1] if place.start < mine[1] else place.end  # and the words after, to the next clause
                    stop = re.compile(f"{PREDICATE_BREAK.pattern}|,").search(text, tail, b)
                    found = [c for x, y in outside_relatives(text, lo, hi, place) for c in find_cues(text, words, x, y, before=True)
                             if not c[0].startswith("not ") and c[0] != "affirmed"]
                    found += [c for c in find_cues(text, words, tail, stop.start() if stop else b, before=True)
                              if not c[0].startswith("not ") and c[0] not in ("affirmed", "another")]
                    found += [c for c in find_cues(text, words, mine[1], min(b, mine[1] + 24), before=True)
                              if c[0] == "another" and re.match(r"['’]s? ", text[mine[1]:mine[1] + 3])]  # "X's rivals"
                    found += [c for c in find_cues(text, words, max(a, mine[0] - 24), mine[0], before=True)
                              if c[0] == "another" and re.fullmatch(r" (?:of|to) (?:the )?", text[c[2]:mine[0]])]
                    if not found:
                        return  # the company, in its own clause, in the place
                    said += found
        if not said:
            return  # the quote names the company or the place only otherwise: bound (or refused) by their columns
        kind, a, b = said[0]
        if kind == "elsewhere":
            self.refuse(host.name, f"the quote names {code} only in another company's clause, not in {ident}'s",
                        "record the place the company's own clause names")
        elif kind == "another":
            self.refuse(host.name, f"the quote places \"{text[a:b]}\" of {ident} in {code}, not {ident} itself",
                        "record a company only where the quote places the company itself")
        else:
            self.refuse(host.name, f"the words \"{text[a:b]}\" {WHAT_THEY_SAY[kind]} {ident}'s presence in {code}",
                        "record a company's presence only where the quote states it, not where it denies, ends or "
                        "plans it")

    def bind_groups(self, recorded: set[str]) -> None:
        """A group is the figure's place only when no member of it is (structure.members_named)."""
        for fld in self.table.kinds("place", "base", "country", "places") if self.figure is not None else ():
            value = self.values.get(fld.name)
            for code in [value] if isinstance(value, str) else value or []:
                group = only_included(self.article, self.figure, code)
                if group and group not in recorded:
                    self.refuse(fld.name, f"the quote names {code} only in the list {group} includes: the figure is "
                                f"{group}'s", f"record {group}, the place the figure is about")
                members = set(self.article.groups.get(code, [])) - recorded
                named = sorted({p.code for p in members_named(self.article, self.figure, code, members)}) if members else []
                if named:
                    self.refuse(fld.name, f"the figure's own words name {', '.join(named)}, a member of {code}: the "
                                f"figure is {' and '.join(named)}'s, not the group's",
                                "record the member the figure's clause names; a group only where the group itself "
                                "is the figure's place (`trade between China and Central Asia reached ...`)")

    def bind_parties(self) -> None:
        """Each party the quote names is named as a party in the agreement's own clause."""
        clause = self.name_clause()
        column = next(iter(self.table.kinds("places")), None)
        if clause is None or column is None:
            return
        text, article = self.article.text, self.article
        name_end = max(b for c, a, b in self.evidence if c == "name" and self.qs <= a < self.qe)
        places = [p for p in article.places_in(*clause) if self.of_instrument(p.start)]
        name_start = min(a for c, a, b in self.evidence if c == "name" and self.qs <= a < self.qe)
        # named after it as its parties ("signed by Kazakhstan and Uzbekistan"), they are its only parties but its name's
        explicit = any(p.start >= name_end and EXPLICIT_PARTIES.search(text, max(clause[0], p.start - 40), p.start)
                       for p in places)
        for code in self.values.get(column.name) or []:
            if not any(p.code == code for p in article.places_in(self.qs, self.qe)):
                continue  # named only by words that refer back, or in cited words: bound with the column
            if any(p.code == code and (name_start <= p.start < name_end or p.end <= name_end and not explicit or
                                       p.start >= name_end and PARTY_LEAD.search(text, max(clause[0], p.start - 14), p.start)
                                       and not re.match(r"['’]s\b", text[p.end:p.end + 3]))  # not "with China's support"
                   for p in places) or \
                    any(not p.code and code in {r.code for r in article.referents(p.start)} for p in places) or \
                    self.cited.naming(article, code):
                continue
            self.refuse(column.name, f"the agreement's own words (\"{text[max(clause[0], self.qs):clause[1]].strip()}\") do not "
                        f"name {code} as a party", "record the parties its own clause names: who signs or adopts it, "
                        "or between or with whom it is")

    def bind_own_figure(self) -> None:
        """A figure after words that include an item in the thing the record names ("12 agreements,
        including a $300 million loan deal") is the item's, not the thing's."""
        if self.figure is None or "name" not in self.table.by_name:
            return
        ends = [b for c, a, b in self.evidence if c == "name" and self.qs <= a < self.qe]
        sentence = self.article.sentence(self.figure.start)
        including = ITEM_OF.search(self.article.text, max(ends), self.figure.start) \
            if ends and sentence[0] <= max(ends) <= self.figure.start else None
        if including:
            self.refuse(self.figure_column, f"`{self.figure.written}` is a figure of what \"{including.group()}\" "
                        f"includes in `{self.values.get('name')}`, not of it", "record the included item as a record "
                        "of its own, with its name (and the whole only with a figure its own words give)")

    def bind_origin(self, figure) -> None:
        """What is counted names its origin in its first words ("600 Kazakh companies operate in
        China" are Kazakhstan's, "non-Chinese companies" not China's); a place named later in
        the units ("firms selling Chinese goods") is not their origin."""
        origin, units = self.values.get("origin"), self.values.get("units")
        if figure is None or not units or not origin or "origin" not in self.table.by_name:
            return
        span = phrase_in(self.article.text, normal(units), figure.end, min(self.qe, figure.end + len(units) + 8))
        named = [p for p in self.article.places_in(*span) if p.code] if span else []
        if not named:
            return
        text = self.article.text
        head = re.match(r"\s*\S+(?:\s+\S+)?", text[span[0]:span[1]]).end() + span[0]  # its first two words
        first = [p for p in named if p.start < head]
        negated = [p for p in first if re.search(r"(?:non-?|не|非)\s*$", text[max(span[0], p.start - 5):p.start], re.I)]
        said = {p.code for p in first if p not in negated}
        if (said and origin not in said) or origin in {p.code for p in negated} or \
                (not said and origin in {p.code for p in named}):
            words = text[span[0]:span[1]]
            self.refuse("origin", f"the counted units, \"{words}\", do not say they are {origin}'s",
                        "write the origin the units' first words name (\"Chinese companies\": CHN; \"Kazakh firms "
                        "selling Chinese goods\": KAZ), or none")
