"""The archived texts of an entry: the text as first archived (data/sources/<id>.txt, its
SHA-256 in the entry's `text_sha256`) and each later version the entry declares under
`versions:` when the publisher amended the article (data/sources/<id>.v<N>.txt, with its
own SHA-256, the date it was archived, the date the publisher gives the amendment and the
reason). They become rows of the versions table (schemas/text_versions.yaml: version 1
from the entry's own keys) and the texts the proof reads (`SourceText`, the later versions
in its `later`).

A text is read only as a regular UTF-8 file inside data/, within the size limit, whose
bytes have the SHA-256 the entry gives and hold no character that would show it other
than it reads. Later versions are numbered from 2 without a gap, each a new text; reading
stops at the first whose file is missing, so that every file a result depends on is one
the check cache looks at (scripts/check/cache.py: version_files).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import re
import unicodedata
from pathlib import Path

from scripts.core.files import MAX_TEXT_BYTES, Unsafe, read_regular
from scripts.core.problems import FORBIDDEN_IN_TEXT, Problems, forbidden
from scripts.read.parse import Mapping, Node, Sequence
from scripts.read.rows import Row, SourceText, today
from scripts.schema.registry import versions_table

NOT_WORD = re.compile(r"[\W_]+")


# Letters of Cyrillic and Greek drawn like Latin ones, and Latin letters drawn like others
# (Unicode TR39's confusables): a text with one swapped for the other looks the same to a reader.
# A word that mixes scripts is refused outright (mixed_script): this folds whole words.
LOOK_ALIKE = str.maketrans("аеорсухіјѕԁԛԝһӏАВЕКМНОРСТХІЈЅУαοιρχνκΑΒΕΖΗΙΚΜΝΟΡΤΥΧıɑɡᴏᴄᴠᴡᴢʏǀ",
                           "aeopcyxijsdqwhlABEKMHOPCTXIJSYaoipxvkABEZHIKMNOPTYXiagocvwzyl")
LETTERS = re.compile(r"[^\W\d_]+")
NO_LOOK_ALIKE = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL SYLLABLE")  # scripts with no letter drawn like another's


def mixed_script(text: str) -> tuple[int, str] | None:
    """The first word (its offset and its words) whose letters come from two scripts ("Spоtlight",
    a Cyrillic о among Latin letters; an Armenian օ, a Cherokee Ꭺ, a Hangul filler): a look-alike
    that no reader sees. Compatibility forms count as the letters they stand for (a fullwidth Ｓ is
    Latin); modifier letters and the scripts of Chinese, Japanese and Korean syllables stand apart."""
    for match in LETTERS.finditer(text):
        word = match.group()
        if word.isascii():
            continue
        scripts = {unicodedata.name(unicodedata.normalize("NFKD", c)[0], "?").split(" ")[0] for c in word
                   if unicodedata.category(c) != "Lm" and not unicodedata.name(c, "").startswith(NO_LOOK_ALIKE)}
        if len(scripts) > 1:
            return match.start(), word
    return None


def skeleton(text: str) -> str:
    """What a reader sees of a text: compatibility forms unfolded (a fullwidth Ｓ is S),
    combining marks, invisible formatting characters (soft hyphens, zero-width spaces) and
    the difference between look-alike letters of Latin, Cyrillic and Greek set aside; a
    modifier letter (ʼ) reads as an apostrophe."""
    if text.isascii():
        return text
    return "".join("'" if unicodedata.category(c) == "Lm" else c for c in unicodedata.normalize("NFKD", text)
                   if unicodedata.category(c) not in ("Mn", "Me", "Cf")).translate(LOOK_ALIKE)  # ʼ reads as 


def fingerprint(text: str) -> str:
    """The SHA-256 of what a reader sees of a text (skeleton), its case, punctuation and
    spacing set aside: the same article reprinted with other quotes, dashes or line breaks,
    invisible characters or look-alike letters has the same fingerprint (sources.text_fingerprint)."""
    return hashlib.sha256(NOT_WORD.sub(" ", skeleton(text).casefold()).strip().encode("utf-8")).hexdigest()


NOT_SAME = "a published text never changes: an amended article is archived as a new version, under `versions:`"


def version_file(entry: Path, version: int) -> Path:
    """Where version `version` of an entry's archived text is kept."""
    return entry.with_suffix(".txt") if version == 1 else entry.with_name(f"{entry.stem}.v{version}.txt")


class Texts:
    """What the entry reader does with archived texts: a part of scripts/read/entries.py's
    Reader, whose `root`, `problems`, `rows`, `shown` and `read_record` it uses."""

    root: Path
    problems: Problems
    rows: dict[str, list[Row]]

    def read_article(self, path: Path, source: Row, shown: str) -> SourceText | None:
        """Check the archived text beside the entry; derive text_path."""
        text_file = version_file(path, 1)
        source.values["text_path"] = self.shown(text_file)
        published = source.values.get("published_date")
        if published and dt.date.fromisoformat(published) > today():
            self.problems.add(shown, *source.at("published_date"), f"{source.table}.published_date",
                              f"{published} is in the future", "write the date the source was published")
            return None
        text_shown = self.shown(text_file)
        try:
            data = read_regular(text_file, MAX_TEXT_BYTES, self.root / "data")
        except Unsafe as error:
            missing = not os.path.lexists(text_file)
            self.problems.add(shown if missing else text_shown, *((source.line, source.col) if missing else (1, 1)),
                              f"{source.table}.text_path",
                              f"the archived text {text_shown} is missing" if missing else error.message,
                              "save the article text beside the entry with the same name and .txt" if missing
                              else error.fix)
            return None
        digest = hashlib.sha256(data).hexdigest()
        if source.values.get("text_sha256") not in (None, digest):
            self.problems.add(shown, *source.at("text_sha256"), f"{source.table}.text_sha256",
                              f"{text_shown} has changed since the entry was written (its SHA-256 is {digest})",
                              "restore the archived text, or re-check every quote and then write the new hash "
                              f"({NOT_SAME})")
            return None
        text = self.decoded(data, text_shown, source.table)
        if text is None:
            return None
        source.values["text_fingerprint"] = fingerprint(text)
        if not published:
            return None
        return SourceText(source.values["source_id"], shown, text, dt.date.fromisoformat(published),
                          source.values.get("language") or "", 1, text_shown)

    def decoded(self, data: bytes, text_shown: str, where: str) -> str | None:
        """An archived text's bytes as text, or None (reported) when they are not UTF-8 or
        hold a character that would show the text other than it reads."""
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            self.problems.add(text_shown, data[:error.start].count(b"\n") + 1, 1, where,
                              "the archived text is not UTF-8", "save it as UTF-8")
            return None
        bad = FORBIDDEN_IN_TEXT.search(text)
        if bad:
            line = text.count("\n", 0, bad.start()) + 1
            self.problems.add(text_shown, line, bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1, "",
                              f"the archived text holds a {forbidden(bad.group()[0])}",
                              "delete it: a page or a quote would show the text other than it reads")
            return None
        mixed = mixed_script(text)
        if mixed:
            at, word = mixed
            self.problems.add(text_shown, text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1, "",
                              f"the archived text's word `{word[:40]}` mixes letters of two scripts (a look-alike "
                              "letter, such as a Cyrillic о in a Latin word)", "write the word in one script, as the "
                              "publisher does")
            return None
        return text

    def read_versions(self, path: Path, node: Mapping, source: Row, article: SourceText | None,
                      shown: str) -> SourceText | None:
        """The rows of every version of the entry's text (version 1 from its own keys), the
        later ones read and checked; `article` with its later versions' texts."""
        table = versions_table()
        if table is None:
            return article
        sid = source.values.get("source_id")
        if sid is None or source.values.get("text_sha256") is None:
            return article  # the entry's own keys are reported
        first = Row(table.name, {"text_version_id": f"{sid}:v1", "source_id": sid, "version": 1,
                                 "text_path": source.values.get("text_path"),
                                 "text_sha256": source.values.get("text_sha256")},
                    shown, source.line, source.col, {"text_sha256": source.at("text_sha256")})
        self.rows[table.name].append(first)
        key = table.meta["entry_key"]
        section: Node | None = node.items.get(key)
        if section is None:
            return article
        if not isinstance(section, Sequence):
            self.problems.add(shown, section.line, section.col, f"{table.name}.{key}", "expected a list of versions",
                              "start each later version of the text with `- version: 2`")
            return article
        later: dict[int, SourceText] = {}
        digests = {source.values.get("text_sha256"): 1}
        archived = source.values.get("published_date")  # no version is archived before the article was published
        for number, item in enumerate(section.items, start=2):
            row = self.read_record(item, table, shown, article)
            if row is None:
                break  # the versions after it cannot be numbered
            values = row.values
            if values.get("version") not in (None, number):
                self.problems.add(shown, *row.at("version"), f"{table.name}.version",
                                  f"this is version {number} of the text, not {values['version']}: later versions "
                                  "are numbered from 2, in the order they were archived",
                                  f"write `version: {number}`")
            text_file = version_file(path, number)
            values.update({"text_version_id": f"{sid}:v{number}", "source_id": sid, "version": number,
                           "text_path": self.shown(text_file)})
            self.rows[table.name].append(row)
            self.check_dates(row, table.name, source, archived)
            archived = values.get("archived_date") or archived
            text = self.read_version(row, table.name, text_file, digests)
            if text is False:
                break  # its file is missing: the versions after it are read once it is there
            if text is not None and article is not None:
                later[number] = dataclasses.replace(article, text=text, version=number, text_file=values["text_path"],
                                                    later={})
        return dataclasses.replace(article, later=later) if article is not None and later else article

    def read_version(self, row: Row, table: str, text_file: Path, digests: dict) -> str | None | bool:
        """A later version's text (None when it is not one to read, reported); False when its
        file is missing."""
        number, text_shown = row.values["version"], row.values["text_path"]
        try:
            data = read_regular(text_file, MAX_TEXT_BYTES, self.root / "data")
        except Unsafe as error:
            missing = not os.path.lexists(text_file)
            self.problems.add(row.file if missing else text_shown, *(row.at("version") if missing else (1, 1)),
                              f"{table}.version", f"version {number} of the archived text, {text_shown}, is missing"
                              if missing else error.message,
                              f"save the amended article text as {text_shown}" if missing else error.fix)
            return False if missing else None
        digest = hashlib.sha256(data).hexdigest()
        given = row.values.get("text_sha256")
        if given is not None and given != digest:
            self.problems.add(row.file, *row.at("text_sha256"), f"{table}.text_sha256",
                              f"{text_shown} has the SHA-256 {digest}, not the one version {number} gives",
                              "restore the text as archived; if this is the text the publisher now shows, re-check "
                              f"every quote of version {number} against it, then write `text_sha256: {digest}`")
            return None
        if digest in digests:
            self.problems.add(row.file, *row.at("text_sha256"), f"{table}.text_sha256",
                              f"version {number} is the same text as version {digests[digest]}: nothing was amended",
                              "remove it: a version is archived only when the publisher changed the text")
            return None
        digests[digest] = number
        return self.decoded(data, text_shown, table)

    def check_dates(self, row: Row, table: str, source: Row, archived_before: str | None) -> None:
        """A version is archived no earlier than the article was published and the version
        before it was archived, and not in the future; the publisher's amendment falls between
        the publication and the archiving."""
        archived, amended = row.values.get("archived_date"), row.values.get("amended_date")
        published = source.values.get("published_date")
        if archived and dt.date.fromisoformat(archived) > today():
            self.problems.add(row.file, *row.at("archived_date"), f"{table}.archived_date",
                              f"{archived} is in the future", "write the day the amended text was archived")
        elif archived and archived_before and archived < archived_before:
            self.problems.add(row.file, *row.at("archived_date"), f"{table}.archived_date",
                              f"{archived} is before {archived_before}, the publication or the archiving of the "
                              "version before it", "versions are archived in order: check the date")
        if amended and ((published and amended < published) or (archived and amended > archived)):
            self.problems.add(row.file, *row.at("amended_date"), f"{table}.amended_date",
                              f"the publisher's amendment, {amended}, is not between the publication ({published}) "
                              f"and the archiving ({archived}) of this version",
                              "write the date the publisher gives the amendment, or leave `amended_date` out")
