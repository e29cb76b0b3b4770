"""Scaffold a new entry: archive the article text and write a commented skeleton.

    python -m scripts new ARTICLE.txt --publisher Xinhua --date 2015-05-07 --topic "china kazakhstan trade"

creates data/sources/<id>.txt (a copy of ARTICLE.txt) and data/sources/<id>.yaml,
with the id, metadata, text hash and an example of each kind of record, commented
out, to fill in. It never overwrites an existing entry.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import sys
import unicodedata
from pathlib import Path

from scripts.contrib.entry_schema import PATH as SCHEMA_PATH
from scripts.core.files import MAX_TEXT_BYTES, Unsafe, linked_folder, read_regular
from scripts.core.problems import (
    FORBIDDEN_IN_TEXT,
    FORBIDDEN_IN_VALUE,
    Invalid,
    forbidden,
    one_line,
)
from scripts.derive.values import check_language
from scripts.schema.model import Field, Table
from scripts.schema.registry import record_tables, registry_for, source_table

SKELETON = """\
# yaml-language-server: $schema=../../{schema}
# Fill in every record the article states; see CONTRIBUTING.md for the rules.
# Check this entry alone with: make check FILES=data/sources/{id}.yaml
id: {id}
title: {title}
publisher: {publisher}
author: {author}
published_date: {date}
url: {url}            # only when known for certain: never guessed
language: {language}
text_sha256: {sha256}
notes: null           # what you left out and why; metadata the text does not give

# Uncomment and copy the examples below, one block per record.
{examples}"""


def _comment(fld: Field, table: Table) -> str:
    """What the skeleton says beside a key: what to write there."""
    enum = fld.constraints.get("enum")
    if fld.kind == "record_id":
        return "short name, unique in this file"
    if fld.kind == "date":
        return "YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Q1, YYYY-H1 or YYYY-MM/YYYY-MM: as precise as the text"
    if fld.kind == "amount_text":
        return "exactly as the quote writes it"
    if fld.kind == "quote":
        return "the shortest verbatim span of the text that states the record"
    if fld.kind in ("place", "places"):
        groups = registry_for("place")
        return "ISO 3166-1 alpha-3" + (f", or a group from data/{groups.name}.yaml" if groups else "")
    if fld.kind in ("entity", "entities"):
        entities = registry_for("entity")
        return f"from data/{entities.name}.yaml" if entities else ""
    if enum and fld.default is not None:
        return f"leave out when {fld.default}; or " + ", ".join(v for v in enum if v != fld.default)
    if enum:
        return ", ".join(enum)
    return fld.descriptor.get("unit", "")


def _example(fld: Field) -> str:
    value = fld.descriptor.get("example")
    if fld.kind == "record_id":
        value = str(value).split(":", 1)[1]
    if fld.type == "list":
        return "[" + ", ".join(str(value).split(",")) + "]"
    text = str(value)
    return json.dumps(text, ensure_ascii=False) if re.search(r": | #|^[^A-Za-z0-9$]", text) else text


def examples() -> str:
    """A commented example of each record table, from its schema: the keys an entry must
    write, the date, the amount, the places and the keys with a default."""
    lines = []
    for name, table in record_tables().items():
        shown = [f for f in table.entry_fields.values() if f.entry_key and (
            f in table.entry_required or f.default is not None or f.name == table.dated_by
            or f.kind in ("amount_text", "places", "quote") or (f.kind == "count" and not table.kinds("amount_text")))]
        lines.append(f"# {name}:")
        for index, fld in enumerate(dict.fromkeys(shown)):
            text = f"{'  - ' if index == 0 else '    '}{fld.entry_key}: {_example(fld)}"
            comment = _comment(fld, table)
            lines.append(f"# {text:<37} # {comment}" if comment else f"# {text}")
        lines.append("#")
    return "\n".join(lines[:-1]) + "\n"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", re.sub(r"['’]", "", text.lower())).strip("-")


def publisher_slug(publisher: str | None) -> str:
    """The id's publisher part: the name up to its first separator ("Xinhua | People's
    Daily Online" gives `xinhua`), at most three words; `unattributed` for none."""
    if not publisher:
        return "unattributed"
    head = re.split(r"\s[|/–—-]\s|[|(,:;–—]", publisher, maxsplit=1)[0]
    plain = "".join(c for c in unicodedata.normalize("NFKD", head) if not unicodedata.combining(c))
    if any(c.isalpha() and not c.isascii() for c in plain) or not slug(plain):
        raise ValueError(f"the publisher {head.strip()!r} has letters an id cannot hold: give the id yourself, "
                         "in Latin letters, as ID=publisher-YYYY-MM-DD-topic (ID=azattyk-2023-05-19-kyrgyzstan-china-trade)")
    return "-".join(slug(plain).split("-")[:3])


def choose_id(ident: str | None, publisher: str | None, date: str, topic: str | None) -> str:
    """The entry's id: `ident` as given (checked against the sources table's id rule and the
    date), or made from the publisher, the date and the topic."""
    if ident:
        fld = source_table().field(source_table().id_field)
        pattern, longest = fld.constraints.get("pattern", ".*"), fld.constraints.get("maxLength", 10**6)
        if not re.fullmatch(pattern, ident) or len(ident) > longest:
            raise ValueError(f"ID={ident!r} is not an id: write publisher-YYYY-MM-DD-topic in lower-case letters, "
                             f"digits and single hyphens, at most {longest} characters")
        if f"-{date}-" not in ident:
            raise ValueError(f"ID={ident!r} does not carry the date {date}: the date in the id is the publication date")
        return ident
    if not topic or not slug(topic):
        raise ValueError("TOPIC needs a few words, such as 'china kazakhstan trade' (or give the whole id as ID=...)")
    return f"{publisher_slug(publisher)}-{date}-{slug(topic)}"


def scaffold(root: Path, article: Path, publisher: str | None, date: str, topic: str | None, title: str | None,
             author: str | None, url: str | None, language: str, ident: str | None = None) -> tuple[Path, Path]:
    """Write the two files; raise ValueError with a message for the user. What was given
    is written as given (as YAML strings that read back equal), or refused, never changed."""
    given = {"--publisher": publisher, "--title": title, "--author": author, "--url": url, "--topic": topic,
             "--date": date, "--language": language, "--id": ident}
    for option, value in given.items():
        bad = FORBIDDEN_IN_VALUE.search(value or "")
        if bad:
            raise ValueError(f"{option} holds a {forbidden(bad.group())}, which the entry check refuses; "
                             "give the value without it")
    try:
        dt.date.fromisoformat(date)
    except ValueError:
        raise ValueError(f"--date {date!r} is not a date: write it as YYYY-MM-DD") from None
    try:
        check_language(language)
    except Invalid as error:
        raise ValueError(f"--language: {error.message}; {error.fix}") from None
    try:
        data = read_regular(article, MAX_TEXT_BYTES)
    except Unsafe as error:
        raise ValueError(f"{article}: {error.message}; {error.fix}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError(f"{article}: not UTF-8 text; save it as UTF-8 first") from None
    bad = FORBIDDEN_IN_TEXT.search(text)
    if bad:
        raise ValueError(f"{article}: line {text.count(chr(10), 0, bad.start()) + 1} holds a "
                         f"{forbidden(bad.group()[0])}; delete it and try again")
    ident = choose_id(ident, publisher, date, topic)
    folder = root / "data" / "sources"
    text_path, entry_path = folder / f"{ident}.txt", folder / f"{ident}.yaml"
    linked = linked_folder(root)
    if linked:
        raise ValueError(f"{linked} is a symbolic link: commit the folder itself")
    for path in (text_path, entry_path):
        if os.path.lexists(path):  # a dangling link too: never written through
            raise ValueError(f"{path.relative_to(root)} already exists: an entry has the id {ident}. To start it "
                             "again, delete its .yaml and .txt first; for another article, give another TOPIC= or ID=")
    folder.mkdir(parents=True, exist_ok=True)
    text_path.write_bytes(data)

    def scalar(value: str | None) -> str:
        return json.dumps(value, ensure_ascii=False) if value else "null"

    entry_path.write_text(SKELETON.format(
        schema=SCHEMA_PATH, id=ident, title=scalar(title), publisher=scalar(publisher), author=scalar(author),
        date=date, url=scalar(url), language=scalar(language), sha256=hashlib.sha256(data).hexdigest(),
        examples=examples()), encoding="utf-8")
    return text_path, entry_path


def command(root: Path, article: Path, given: dict) -> int:
    """`python -m scripts new`: archive the article and write the entry, or say why not (1)."""
    try:
        text, entry = scaffold(root, article, given["publisher"], given["date"], given["topic"], given["title"],
                               given["author"], given["url"], given["language"] or "en", given["id"])
    except ValueError as error:
        print(f"new: {one_line(str(error))}", file=sys.stderr)
        return 1
    print(f"wrote {text.relative_to(root)} and {entry.relative_to(root)}: draft its records with "
          f"`make draft FILE={entry.relative_to(root)}` (or fill them in), then run "
          f"`make check FILES={entry.relative_to(root)}`")
    return 0
