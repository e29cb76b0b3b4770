"""Binding who a record names: its entities (by name or alias, or "the company" after the
article names it), who states its figure (in the article's words, and the one the quote
attributes it to), its product, and its exchange rate (words of the article that state it)."""

from __future__ import annotations

import itertools
import re
from decimal import Decimal

from scripts.bind.cues import Cited
from scripts.bind.dates import Dates
from scripts.bind.phrases import find_phrase
from scripts.bind.quote_text import normal
from scripts.core.cells import FORMULA_START

ATTRIBUTION = re.compile(r"according to ([^,.;]+)|([A-Z][\w'’-]+(?: (?:[A-Z][\w'’-]+|of|the|and|for|on|under|at))*) (?:said|says|told|"
                         r"reported|announced|stated)|(?:said|says) ([A-Z][\w'’-]+(?: (?:[A-Z][\w'’-]+|of|the|and))*)|"
                         r"(?:[Пп]о данным|[Сс]ообщил[аио]?|[Зз]аявил[аио]?) ?([^,.;，。]+)|"
                         r"(?:据|根据)([^,.;，。]+?)(?:的?(?:统计数据|统计|数据|消息|报道|显示|公布))*(?=[,.;，。]|$)")  # 据X消息: X
REFER_BACK = re.compile(r"(?<!\w)(?:the company|the firm|the group|the bank|the ministry|the corporation|"
                        r"the operator|компания|компании|公司)(?!\w)", re.IGNORECASE)
# Words a stater shares with any other of its kind: not enough to name the same one.
TITLES = {"minister", "ministry", "president", "vice", "deputy", "head", "chairman", "director", "general", "office",
          "spokesman", "spokeswoman", "spokesperson", "official", "officials", "department", "committee", "national",
          "state", "chinese", "kazakh", "министр", "министерство", "президент", "глава", "председатель"}
STOP = {"the", "and", "of", "for", "in", "on", "its", "his", "her", "their", "with"}
CONTENT = re.compile(r"[^\W\d_]{3,}|[\u4e00-\u9fff]+")
CJK = re.compile(r"[\u4e00-\u9fff]")


def phrase_in(text: str, phrase: str, start: int, end: int) -> tuple[int, int] | None:
    """`phrase` in text[start:end]: as words, or (Chinese, written without spaces) as characters."""
    if CJK.search(phrase):
        at = text.find(phrase, start, end)
        return (at, at + len(phrase)) if at >= 0 else None
    return find_phrase(text, phrase, start, end)


def joined(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Word spans in the order of the text, those with only spaces, marks or small words
    between them joined ("Li Keqiang's visit" is one span)."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(set(spans)):
        gap = text[out[-1][1]:start] if out else None
        if gap is not None and start >= out[-1][1] and all(w.lower() in STOP | {"s"} for w in re.findall(r"\w+", gap)) \
                and len(gap) <= 12:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        elif not out or start >= out[-1][1]:
            out.append((start, end))
    return out


def word_in(text: str, word: str, start: int, end: int) -> tuple[int, int] | None:
    """A word in text[start:end]; a Russian one in any of its forms (its stem, then up to four
    letters), a Chinese one as characters."""
    if re.search("[а-яё]", word, re.IGNORECASE) and len(word) > 4:
        match = re.compile(rf"(?<!\w){re.escape(word[:-2])}\w{{0,4}}(?!\w)", re.IGNORECASE).search(text, start, end)
        return match.span() if match else None
    return phrase_in(text, word, start, end)


class Sayers(Dates):
    """Who and what a record names."""

    # ---------------------------------------------------------------- entities
    def bind_entity(self, name: str, ident: str) -> None:
        """An entity is named in the quote (by its registry name or an alias); or, where the
        quote refers back ("the company"), before it in the article; or in cited words. A
        stater's entity may be named anywhere in the article."""
        names = [n for n, ids in self.article.entity_names.items() if ident in ids]
        text = self.article.text
        for scope in ((self.qs, self.qe),) + (((0, len(text)),) if name == "stated_by_entity" else ()):
            spans = [span for n in names if (span := find_phrase(text, n, *scope))]
            if spans:
                self.bind(name, *min(spans))
                return
        back = REFER_BACK.search(text, self.qs, self.qe)
        if back:
            last = self.last_entity(self.qs)
            if last and last[0] == ident:
                self.bind(name, *back.span())
                self.bind(name, *last[1])
                return
        cited = next((c for c in self.cited.spans if any(find_phrase(text, n, *c) for n in names)), None) \
            if self.cited.valid else None
        if cited:
            self.bind(name, *cited)
            return
        self.refuse(name, f"the quote does not name {ident} ({', '.join(sorted(names)) or 'no name registered'})",
                    "record the entity the quote names; where it refers back (\"the company\"), the article must "
                    "name it before, or cite the words that do in `wording_note`")

    def last_entity(self, before: int) -> tuple[str, tuple[int, int]] | None:
        """The entity the article names last before `before`: what "the company" refers to."""
        text, best = self.article.text, None
        for entity_name, ids in self.article.entity_names.items():
            at = text.lower().rfind(entity_name, 0, before)
            if at >= 0 and find_phrase(text, entity_name, at, at + len(entity_name)) and (best is None or at > best[1][0]):
                best = (ids[0], (at, at + len(entity_name)))
        return best

    # ---------------------------------------------------------------- the rest

    @staticmethod
    def names_the_sayer(said_words: str, words: list[str]) -> bool:
        """Whether a stater's words name the one the quote attributes the figure to: most of
        its own words (a shared title such as "minister" is no name), or, when it is only a
        title ("the ministry", "officials"), the very words of the attribution; in Chinese,
        written without spaces, each of its words within them ("中国海关总署" in "中国海关总署统计")."""
        if CJK.search(said_words):
            return all(w in said_words for w in words)
        said = set(re.findall(r"[^\W\d_][\w-]+", said_words.lower())) - STOP
        mine = {w.lower() for w in words} - TITLES
        if not mine:
            return said == {w.lower() for w in words}
        return bool(said & mine) and len(said & mine) * 2 >= len(mine)

    def bind_stater(self) -> None:
        stated = self.values.get("stated_by")
        if not stated:
            attributed = ATTRIBUTION.search(self.article.text, self.qs, self.qe) if "stated_by" in self.table.by_name \
                else None
            if attributed:
                said = next(group for group in attributed.groups() if group)
                self.refuse("stated_by", f"the quote gives the figure to \"{said}\", and `stated_by` is empty",
                            "write who states it, in the quote's words, in `stated_by`")
            return
        text = self.article.text
        all_words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", normal(stated)) if w.lower() not in STOP and len(w) > 2]
        words = [w for w in all_words if w[0].isupper() or self.article.language != "en"] or all_words
        words = [re.sub(r"['’]s$", "", w) for w in words]
        missing = [w for w in words if find_phrase(text, w) is None]
        if missing or not words:
            self.refuse("stated_by", f"the article does not name {', '.join(missing) or stated}",
                        "write who states the figure in the article's words")
            return
        attributed = ATTRIBUTION.search(text, self.qs, self.qe)
        if attributed:
            span = next(attributed.span(i) for i, group in enumerate(attributed.groups(), 1) if group)
            if not self.names_the_sayer(text[span[0]:span[1]], words):
                self.refuse("stated_by", f"the quote gives the figure to \"{text[span[0]:span[1]]}\", not to {stated}",
                            "write who the quote says states it")
                return
            self.bind("stated_by", *span)
            return
        for part in [stated] + [p.strip() for p in stated.split(",")]:  # its words within the quote, when it has them
            span = find_phrase(text, normal(part), self.qs, self.qe) if part else None
            if span:
                self.bind("stated_by", *span)
                return
        self.bind("stated_by", *find_phrase(text, max(words, key=len)))

    def bind_words(self, fld) -> None:
        """A value the record gives in the source's words (`x-bind` of its column): `quote`, each
        item a phrase of the quote (`product`: a total is not for "crude oil"); `sentence`, every
        word of it (three letters or more) in the quote, or else in one sentence of the article
        (a `name`, `occasion` or `sectors` as the source gives or describes them)."""
        how, value = fld.descriptor.get("x-bind"), self.values.get(fld.name)
        text, key = self.article.text, fld.entry_key or fld.name
        for item in value if isinstance(value, list) else [value] if value else []:
            if str(item).startswith(FORMULA_START):
                continue  # refused by the table's own check
            phrase = normal(str(item))
            if how == "quote":
                span = phrase_in(text, phrase, self.qs, self.qe)
                if span:
                    self.bind(fld.name, *span)
                else:
                    self.refuse(fld.name, f"the quote does not name `{item}`",
                                f"write `{key}:` in the words of the quote, and only when the quote's figure is for it")
                continue
            spans = self.words_in_a_sentence(phrase)
            if spans is None:
                self.refuse(fld.name, f"no sentence of the article has the words of `{item}`",
                            f"write `{key}:` in the words of the quote (or of one sentence of the article)")
                continue
            for span in joined(text, spans):
                self.bind(fld.name, *span)

    def words_in_a_sentence(self, phrase: str) -> list[tuple[int, int]] | None:
        """Where each content word of `phrase` is: all in the quote, or all in one sentence of
        the article (a Russian word in any case: by its stem); None when no sentence has them."""
        words = [w for w in CONTENT.findall(phrase) if w.lower() not in STOP]
        if not words:
            return []
        text = self.article.text
        scopes = itertools.chain([(self.qs, self.qe)], map(self.article.sentence, self.article.sentence_starts))
        for start, end in scopes:
            spans, at = [], start
            for word in words:  # in the order written, where the words stand so
                span = word_in(text, word, at, end)
                spans.append(span)
                at = span[1] if span else at
            if not all(spans):  # in another order
                spans = [word_in(text, w, start, end) for w in words]
            if all(spans):
                return spans
        return None

    def bind_rate(self) -> None:
        rate = self.values.get("usd_rate")
        if rate is None:
            return
        rate = Decimal(str(rate))
        cited = Cited(self.values.get("usd_rate_source"), self.article.text)
        currency = self.values.get("currency")
        names = [word for word, codes in self.article.words.currencies.items() if currency in codes] + [currency or "?"]
        for start, end in cited.spans:
            # a rate is a plain number or an amount, in words that name both the currency and the dollar
            named = [find_phrase(self.article.text, word, start, end) for word in names + ["USD", "dollar", "доллар", "美元"]]
            if not any(named[:-4]) or not any(named[-4:]):
                continue
            for figure in self.article.figures_in(start, end):
                number = figure.value
                if figure.what not in ("plain", "money") or not number:
                    continue
                if abs(number - rate) <= rate / 200 or abs(1 / number - rate) <= rate / 200:
                    self.bind("usd_rate", figure.start, figure.end)
                    return
        self.refuse("usd_rate", f"no words of the article state the rate {rate} of {currency} to the US dollar",
                    "a rate must be one the article states: copy its words in double quotes into `usd_rate_source` "
                    "(or record the amount without value_usd)")
