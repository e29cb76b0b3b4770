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
import re
from pathlib import Path

from scripts.entry_schema import PATH as SCHEMA_PATH

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
# trade:
#   - id: turnover-2013                 # short name, unique in this file
#     reporter: CHN                     # ISO 3166-1 alpha-3, or a group from data/groups.yaml
#     partner: KAZ
#     flow: turnover                    # turnover, exports or imports
#     period: 2013                      # YYYY, YYYY-MM or YYYY-MM-DD, as precise as the text
#     amount: 28.6 billion dollars      # exactly as the quote writes it
#     bound: more_than                  # leave out when exact; less_than, about
#     kind: target                      # leave out when actual; forecast
#     quote: the shortest verbatim span that states the figure
#
# investment:
#   - id: china-stock
#     investor: CHN
#     host: KAZ
#     measure: cumulative_stock         # or annual_flow
#     as_of: {date}
#     as_of_as_written: Currently       # the text's words, when it gives no date
#     amount: 26 billion dollars
#     quote: ...
#
# agreements:
#   - id: framework-agreement
#     name: the name the text gives
#     type: agreement                   # declaration, deal_package, programme, mechanism, initiative, project
#     status: signed                    # proposed, planned, under_negotiation, agreed_in_principle, adopted, launched, in_operation, active
#     parties: [CHN, KAZ]
#     date: 2014
#     quote: ...
#
# companies:
#   - id: zte-kazakhstan
#     entity_id: zte                    # from data/entities.yaml
#     host_country: KAZ
#     since: 1998                       # when the text says
#     quote: ...
"""


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def scaffold(root: Path, article: Path, publisher: str | None, date: str, topic: str, title: str | None,
             author: str | None, url: str | None, language: str) -> tuple[Path, Path]:
    """Write the two files; raise ValueError with a message for the user."""
    dt.date.fromisoformat(date)
    if not article.is_file():
        raise ValueError(f"{article}: no such file")
    data = article.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError(f"{article}: not UTF-8 text; save it as UTF-8 first") from None
    ident = f"{slug(publisher) if publisher else 'unattributed'}-{date}-{slug(topic)}"
    if not slug(topic):
        raise ValueError("--topic needs a few words, such as 'china kazakhstan trade'")
    folder = root / "data" / "sources"
    text_path, entry_path = folder / f"{ident}.txt", folder / f"{ident}.yaml"
    for path in (text_path, entry_path):
        if path.exists():
            raise ValueError(f"{path.relative_to(root)} already exists; choose another --topic")
    folder.mkdir(parents=True, exist_ok=True)
    text_path.write_bytes(data)

    def scalar(value: str | None) -> str:
        return json.dumps(value, ensure_ascii=False) if value else "null"

    entry_path.write_text(SKELETON.format(
        schema=SCHEMA_PATH, id=ident, title=scalar(title), publisher=scalar(publisher), author=scalar(author),
        date=date, url=scalar(url), language=language, sha256=hashlib.sha256(data).hexdigest()), encoding="utf-8")
    return text_path, entry_path
