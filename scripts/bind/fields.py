"""Binding the values around a record's figure (places and direction, entities, counted units,
stater, product, exchange rate) and `bind_record`, a whole record's (binder.py: the figure)."""

from __future__ import annotations

import re

from scripts.bind.cues import CITED, Cited
from scripts.bind.mentions import COMMA, Article
from scripts.bind.presence import Presence
from scripts.bind.quote_text import normal
from scripts.bind.sayers import phrase_in
from scripts.bind.structure import LIST_JOIN, appositions, figure_scope, outside, respective, stater

FROM = re.compile(r"(?:from|из|от|从|自)\s*$", re.IGNORECASE)
# The words of a direction, by which side their subject is on (an exporter sells, a host receives).
TRADE_WORDS = {"export": r"export|sold|sell|ship|suppl|deliver|экспорт|постав|出口",
               "import": r"import|bought|buy|purchas|received|импорт|закуп|进口"}
INVEST_WORDS = {"invest": r"invest|FDI|poured|инвест|投资",
                "inbound": r"inbound|received|attracted|destination|recipient|привлек|получил|吸引"}
NUMBER_OF = re.compile(r"(?:number|count|total) of\s+$|(?:число|количество)\s+$", re.IGNORECASE)  # then its units
TO = re.compile(r"(?:to|into|в|во|向|对)\s*$", re.IGNORECASE)
IN = re.compile(r"(?:in|into|to|в|во|на|对|在)\s*$", re.IGNORECASE)


class Fields(Presence):
    """A whole record's binding."""

    # ---------------------------------------------------------------- places
    def foreign_places(self, recorded: set[str]) -> list:
        """Places the figure's own words name that the record does not (scripts/bind/structure.py
        `figure_scope`: appositions left out, a place a list pairs "respectively" with another
        figure excused): its words are then about more places than the record carries (a place
        of a recorded group counts as recorded)."""
        if self.figure is None:
            return []
        members = {m for code in recorded for m in self.article.groups.get(code, [])}
        start, end = figure_scope(self.article, self.figure, 0, len(self.article.text))
        skip = appositions(self.article, start, end)
        named = [p for p in self.article.places_in(start, end) if p.code and outside(skip, p.start, p.end)
                 and not stater(self.article, p, start)]
        excused = {p.code for p in self.paired_places(named)[1]}
        return [p for p in named if p.code not in recorded and p.code not in members and p.code not in excused]

    def figure_places(self, start: int, end: int) -> list:
        """The places named in text[start:end] but in appositions."""
        skip = appositions(self.article, start, end)
        return [p for p in self.article.places_in(start, end) if p.code and outside(skip, p.start, p.end)]

    def paired_places(self, named: list) -> tuple[object | None, list]:
        """With "respectively", the place of the figure's rank in the list of places before the
        figures, and the list; else (None, [])."""
        rank = respective(self.article, self.figure) if self.figure is not None else None
        if rank is None:
            return None, []
        before = [p for p in named if p.end <= rank.start]
        sentence = self.article.sentence(rank.start)
        described = {a: b for a, b in appositions(self.article, *sentence)}  # "X, the largest ..., and Y"
        for first in range(len(before) - 1, -1, -1):
            run = before[first:]
            if all(LIST_JOIN.match(self.article.text[described.get(a.end, a.end):b.start]) for a, b in zip(run, run[1:])) \
                    and len(run) == rank.count:
                return rank.pick(run), run
        return None, []

    def bind_place(self, name: str, code: str) -> None:
        article = self.article
        in_quote = article.places_in(self.qs, self.qe)
        skip = appositions(article, self.qs, self.qe)
        named = [p for p in in_quote if p.code == code and outside(skip, p.start, p.end)]
        if named:
            self.bind(name, named[0].start, named[0].end)
            return
        for phrase in (p for p in in_quote if not p.code):
            referents = article.referents(phrase.start)
            match = next((r for r in referents if r.code == code), None)
            if match:
                self.bind(name, phrase.start, phrase.end)
                self.bind(name, match.start, match.end)
                return
        cited = self.cited.naming(article, code)
        if cited:
            self.bind(name, *cited)
            return
        described = next((p for p in in_quote if p.code == code), None)
        if described is not None:
            words = next(article.text[a:b].strip(" ,()") for a, b in skip if a <= described.start < b)
            self.refuse(name, f"the quote names {code} only in words that describe another place (\"{words}\")",
                        "record the place the figure is about; a place named in an apposition describes the "
                        "one before it")
            return
        codes = sorted({p.code for p in in_quote if p.code})
        self.refuse(name, f"the quote does not name {code}" + (f" (it names {', '.join(codes)})" if codes else ""),
                    "record the places the quote names; where it refers back (\"the two sides\"), the earlier "
                    "sentence must name them, or cite the article's words that do in `wording_note`")

    def bind_paired_place(self, recorded: set[str]) -> None:
        """With "respectively", the record must carry the place of its figure's rank."""
        if self.figure is None or respective(self.article, self.figure) is None:
            return
        start, end = self.article.sentence(self.figure.start)
        paired, run = self.paired_places(self.figure_places(start, end))
        if paired is not None and paired.code not in recorded:
            column = next((c for c in ("partner", "host", "country", "parties") if c in self.table.by_name), "partner")
            self.refuse(column, f"the quote pairs this figure with {paired.code} (\"respectively\": "
                        f"{', '.join(p.code for p in run)})", "record the place of the figure's rank in the list")

    def clause_of(self, figure, cues_of: dict[str, str]) -> tuple[int, int]:
        """The figure's clause in its sentence, quoted or not (the quote's start without a figure);
        from the sentence's start when the clause has no direction word (", reaching $480 million")."""
        text, at = self.article.text, figure.start if figure else self.qs
        sentence_start, sentence_end = self.article.sentence(at)
        start = self.article.clause_start(at, sentence_start)
        tail = re.search(rf"{COMMA}|;| but | while ", text[figure.end if figure else at:sentence_end])
        end = (figure.end if figure else at) + tail.start() if tail else sentence_end
        bare = not any(re.search(pattern, text[start:end], re.IGNORECASE) for pattern in cues_of.values())
        return (sentence_start if bare and figure else start), end

    def roles(self, figure, cues_of: dict[str, str]) -> dict[str, str]:
        """Who is on which side of the direction words in the figure's clause: `from` (the place
        after from/by), `to` (after to/into, "X-bound"), `in`, `goods` ("Chinese goods") and the
        `owner` of the direction word nearest the figure ("X's exports", "Chinese investment"),
        with that word's kind in `cue` (a key of `cues_of`, each a regular expression)."""
        text = self.article.text
        start, end = self.clause_of(figure, cues_of)
        paired = respective(self.article, figure) if figure is not None else None
        if paired is not None:  # the list's own words: from the sentence's start
            start = min(start, self.article.sentence(figure.start)[0])
        found = [(m.start(), m.end(), kind) for kind, pattern in cues_of.items()
                 for m in re.finditer(pattern, text[start:end], re.IGNORECASE)]
        at = (figure.start if figure else self.qs) - start
        found.sort(key=lambda c: (c[0] > at, abs(c[0] - at)))  # the nearest before the figure, else after
        out: dict[str, str] = {}
        if found:
            listed = sorted((c for c in found if paired and start + c[1] <= paired.start), key=lambda c: c[0])
            out["cue"] = (paired.pick(listed) or found[0])[2] if paired else found[0][2]
            out["both"] = "yes" if len({c[2] for c in found}) > 1 else ""
        for place in self.article.places_in(start, end):
            if not place.code:
                continue
            # a Chinese short form holds its preposition ("对哈": toward Kazakhstan, "在哈": in it)
            before = text[max(start, place.start - 8):place.start] + (text[place.start] if text[place.start] in "对在向赴" else "")
            after = text[place.end:place.end + 12]
            if re.match(r"-bound|-destined", after):
                out.setdefault("to", place.code)
                continue
            if FROM.search(before) or re.search(r"\bby\s*$", before):
                out.setdefault("from", place.code)
            elif re.search(r"\binto\s*$", before):
                out["into"] = place.code
            elif TO.search(before):
                out.setdefault("to", place.code)
            elif IN.search(before):
                out.setdefault("in", place.code)
            elif re.match(r"(?:['’]s)? (?:goods|products|oil|gas|grain|cars|vehicles|machinery|equipment|metals|"
                          r"capital|companies|firms)\b", after):
                out.setdefault("goods", place.code)
            elif found and place.end <= start + found[0][0] and start + found[0][0] - place.end <= 24 and \
                    not re.search(rf"{COMMA}|;", text[place.end:start + found[0][0]]):
                out["owner"] = place.code  # a place the words before it give a role ("to X", "from X") owns nothing
        return out

    def bind_direction(self, figure) -> None:
        values = self.values
        flow = values.get("flow")
        if flow in ("exports", "imports") and values.get("reporter") and values.get("partner"):
            roles = self.roles(figure, TRADE_WORDS)
            if figure is not None and respective(self.article, figure) and roles.get("both"):
                roles = {key: code for key, code in roles.items() if key in ("cue", "owner")}  # "to and from": by rank
            roles = self.by_rank(roles)
            owner_exports = roles.get("cue") == "export"
            exporter = roles.get("from") or roles.get("goods") or (roles.get("owner") if owner_exports else None)
            importer = roles.get("to") or roles.get("into") or (roles.get("owner") if not owner_exports else None)
            mine, theirs = (exporter, importer) if flow == "exports" else (importer, exporter)
            for column, said in (("reporter", mine), ("partner", theirs)):
                if said and values[column] != said:
                    self.refuse(column, f"the quote's words make {said} the {column} of these {flow}, not {values[column]}",
                                "the reporter of exports is the exporter, of imports the importer")
        if values.get("investor") and values.get("host"):
            roles = self.roles(figure, INVEST_WORDS)
            inbound = roles.get("cue") == "inbound"
            investor = roles.get("from") or roles.get("goods") or (None if inbound else roles.get("owner"))
            host = roles.get("into") or roles.get("in") or roles.get("to") or (roles.get("owner") if inbound else None)
            for column, said in (("investor", investor), ("host", host)):
                if said and values[column] != said:
                    self.refuse(column, f"the quote's words make {said} the {column}, not {values[column]}",
                                "the investor is who invests (`China's investment`, `from China`), the host where "
                                "(`in Kazakhstan`)")

    def by_rank(self, roles: dict[str, str]) -> dict[str, str]:
        """With "respectively", a role the list's first place has ("exports to Kazakhstan,
        Uzbekistan and Kyrgyzstan") is the role of the place of the figure's rank."""
        if self.figure is None or respective(self.article, self.figure) is None:
            return roles
        start, end = self.article.sentence(self.figure.start)
        paired, run = self.paired_places(self.figure_places(start, end))
        codes = {p.code for p in run}
        return {key: paired.code if paired is not None and code in codes and key != "cue" else code
                for key, code in roles.items()}

    def bind_units(self, figure) -> None:
        units = self.values.get("units")
        if not units or figure is None:
            return
        if self.figure_column not in [f.name for f in self.table.kinds("count")]:  # a change: the quote names them
            span = phrase_in(self.article.text, normal(units), self.qs, self.qe)
            if span:
                self.bind("units", *span)
            else:
                self.refuse("units", f"the quote does not name `{units}`",
                            "write the counted units of a change in the quote's words (\"the number of Chinese "
                            "companies\": chinese companies)")
            return
        clause = self.article.clause_start(figure.start, self.qs)  # the counted noun may stand before the figure
        if self.article.language == "zh":  # "中国企业超过2000家"
            at = self.article.text.rfind(units, clause, figure.start)
            if units and at >= 0:
                self.bind("units", at, at + len(units))
                return
        named = phrase_in(self.article.text, normal(units), clause, figure.start)
        if named and NUMBER_OF.search(self.article.text, max(clause, named[0] - 24), named[0]):  # "the number of X"
            self.bind("units", *named)
            return
        following = re.match(r"\s*([^\W\d_][\w'’-]*)", self.article.text[figure.end:self.qe])
        word = following.group(1).lower() if following else ""
        if word and re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", units.lower()):
            self.bind("units", figure.end + following.start(1), figure.end + following.end(1))
            return
        if self.cited.valid and (cited := next(filter(None, (phrase_in(self.article.text, normal(units), *span)
                                                            for span in self.cited.spans)), None)):
            return self.bind("units", *cited)  # "из них 1 215 — …": the counted noun is another sentence's
        self.refuse("units", f"the quote counts `{word or 'nothing'}` after the figure, which `units` does not name",
                    "write the counted units in the quote's words (lower case), starting with the word after the number; "
                    "where no word after it names them, cite, in `wording_note`, the article's words that do")


def bind_record(row, table, article: Article, quote: tuple[int, int], refuse) -> list[tuple[str, int, int]]:
    """The evidence of one record whose quote is at `quote` in the article; each value the
    words do not state is refused."""
    cited = Cited(row.values.get("wording_note"), article.text)
    if row.values.get("wording_note") and not cited.valid:
        refuse("wording_note", "the note does not cite the article: "
               + (f"\"{cited.missing[0]}\" is not in it" if cited.missing else
                  "it quotes no words of the article in double quotes" if not cited.spans else
                  "it does not say why, in words of its own"),
               "copy, in double quotes, the article's words it relies on, and say why they settle the value")
    binder = Fields(row, table, article, quote, cited, refuse)
    for fld in table.fields:
        if fld.descriptor.get("x-bind"):
            binder.bind_words(fld)
    figure = binder.find_figure()
    binder.other_numbers()
    if figure is not None:
        binder.figure = figure
        binder.bind_level(figure)
        for fld in table.fields:
            if fld.name == "bound":
                binder.bind_bound(fld, figure)
            elif fld.name == "kind":
                binder.bind_kind(fld, figure)
        binder.bind_percent_kind(figure)
    for fld in table.fields:
        if fld.descriptor.get("x-cues") and fld.name not in ("bound", "kind") and fld.kind not in ("share", "change"):
            binder.bind_cued(fld, figure)
    change = (table.meta.get("fact") or {}).get("change") or {}
    for fld in table.kinds("date"):
        binder.bind_date(fld.name, figure, base=fld.name == change.get("base"))
    recorded: set[str] = set()
    first = None
    for fld in table.kinds("place", "base", "country", "places"):
        value = row.values.get(fld.name)
        for code in [value] if isinstance(value, str) else value or []:
            binder.bind_place(fld.name, code)
            recorded.add(code)
            first = first or fld.name
    foreign = binder.foreign_places(recorded)
    if foreign and first and not cited.covering([(p.start, p.end) for p in foreign]):
        refuse(first, f"the figure's own words name {', '.join(sorted({p.code for p in foreign}))}, which the record "
               "does not", "record every place of the figure's own clause (a figure of trade with two partners is "
               "theirs together), or cite the words that say it is for one of them in `wording_note`")
    binder.bind_paired_place(recorded)
    binder.bind_groups(recorded)
    for fld in table.kinds("entity", "entities"):
        value = row.values.get(fld.name)
        for ident in [value] if isinstance(value, str) else value or []:
            binder.bind_entity(fld.name, ident)
    binder.bind_presence()
    binder.bind_parties()
    binder.bind_own_figure()
    binder.bind_direction(figure)
    binder.bind_units(figure)
    binder.bind_origin(figure)
    binder.bind_stater()
    binder.bind_rate()
    for cited_span in cited.spans if cited.valid else []:
        binder.bind("wording_note", *cited_span)
    return binder.evidence


__all__ = ["bind_record", "CITED"]
