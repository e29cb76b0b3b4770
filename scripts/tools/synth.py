"""A deterministic synthetic corpus for benchmarks: N sources, each an article text
and an entry whose records quote that text, in proportions like the real data's
(about 10 records a source: 3 trade, 1.5 investment, 3.5 agreements, 2 companies).

    python -m scripts synth --root build/bench/corpus --sources 10000

The same seed always writes the same bytes. Nothing here is real data.
"""

from __future__ import annotations

import calendar
import hashlib
import random
import shutil
import sys
from pathlib import Path

from scripts.schema.registry import ROOT

PARTNERS = {"KAZ": "Kazakhstan", "KGZ": "Kyrgyzstan", "TJK": "Tajikistan", "TKM": "Turkmenistan",
            "UZB": "Uzbekistan", "AZE": "Azerbaijan", "ARM": "Armenia", "GEO": "Georgia", "PAK": "Pakistan"}
SECTORS = ["energy", "transport", "agriculture", "mining", "telecommunications", "textiles", "logistics",
           "banking", "construction", "hydropower", "oil refining", "steel"]
COMPANIES = 300
FILLER = ("Officials from both sides met to review the progress of cooperation and discussed further steps "
          "in the fields of trade, investment, transport and energy. ")


def amount(rng: random.Random) -> tuple[str, int]:
    whole, tenths = rng.randint(1, 950), rng.randint(0, 9)
    scale, factor = rng.choice([("million", 10**6), ("billion", 10**9)])
    number = f"{whole}.{tenths}" if tenths else str(whole)
    style = rng.choice(["${n} {s}", "USD{n} {s}", "{n} {s} dollars", "US${n} {s}"])
    return style.format(n=number, s=scale), (whole * 10 + tenths) * factor // 10


def trade(rng: random.Random, n: int, year: int) -> tuple[str, str]:
    """(sentence, record YAML) of one synthetic trade figure, in a text published in `year`."""
    code = rng.choice(sorted(PARTNERS))
    text, _ = amount(rng)
    target = rng.random() < 0.15
    when = rng.randint(year + 1, year + 5) if target else rng.randint(1995, year - 1)
    bound = rng.choice(["exact", "exact", "more_than", "less_than"])
    verb = {"exact": "reached", "more_than": "exceeded", "less_than": "stayed below"}[bound]
    sentence = (f"China and {PARTNERS[code]} aim to raise trade to {text} in {when}." if target else
                f"Trade between China and {PARTNERS[code]} {verb} {text} in {when}.")
    return sentence, (f"  - id: trade-{n}\n    reporter: CHN\n    partner: {code}\n    flow: turnover\n"
                      + ("    kind: target\n" if target else "")
                      + f"    period: {when}\n    amount: {text}\n"
                      + ("" if target or bound == "exact" else f"    bound: {bound}\n")
                      + f"    quote: {sentence}\n")


def investment(rng: random.Random, n: int, year: int) -> tuple[str, str]:
    code = rng.choice(sorted(PARTNERS))
    text, _ = amount(rng)
    when = rng.randint(2000, year)
    sentence = f"By {when}, China's total investment in {PARTNERS[code]} had exceeded {text}."
    return sentence, (f"  - id: investment-{n}\n    investor: CHN\n    host: {code}\n    measure: cumulative_stock\n"
                      f"    as_of: {when}\n    amount: {text}\n    bound: more_than\n    quote: \"{sentence}\"\n")


def agreements(rng: random.Random, n: int, year: int) -> tuple[str, str]:
    code = rng.choice(sorted(PARTNERS))
    text, _ = amount(rng)
    when_year, when_month = rng.randint(2000, year - 1), rng.randint(1, 12)
    deals = rng.randint(2, 40)
    first, second = rng.sample(SECTORS, 2)
    sentence = (f"In {calendar.month_name[when_month]} {when_year}, China and {PARTNERS[code]} signed {deals} "
                f"deals worth {text} covering {first} and {second}.")
    return sentence, (f"  - id: deals-{n}\n    name: deals covering {first} and {second}\n    type: deal_package\n"
                      f"    status: signed\n    parties: [CHN, {code}]\n    date: {when_year}-{when_month:02d}\n"
                      f"    sectors: [{first}, {second}]\n    deal_count: {deals}\n    amount: {text}\n"
                      f"    quote: {sentence}\n")


def companies(rng: random.Random, n: int, year: int) -> tuple[str, str]:
    code = rng.choice(sorted(PARTNERS))
    company = rng.randrange(COMPANIES)
    since = rng.randint(1995, year)
    sentence = f"Synthetic Company {company:03d} has operated in {PARTNERS[code]} since {since}."
    return sentence, (f"  - id: company-{n}\n    entity_id: synthetic-company-{company:03d}\n    host_country: {code}\n"
                      f"    since: {since}\n    quote: {sentence}\n")


def counts(rng: random.Random, n: int, year: int) -> tuple[str, str]:
    code = rng.choice(sorted(PARTNERS))
    number = rng.choice([50, 100, 200, 300, 500, 700, 1000, 1500])
    sentence = f"By {year}, more than {number:,} Chinese companies had registered in {PARTNERS[code]}."
    return sentence, (f"  - id: count-{n}\n    country: {code}\n    origin: CHN\n    counted: companies\n"
                      f"    units: chinese companies\n    count: {number}\n    bound: more_than\n    as_of: {year}\n"
                      f"    quote: \"{sentence}\"\n")


# record table -> (fewest, most records a source, the template of one); a table without a
# template has no synthetic records. Partners and years repeat, so that many facts have
# several reports (most of which disagree, the figures being drawn at random).
TEMPLATES = {"trade": (2, 4, trade), "investment": (1, 2, investment), "agreements": (3, 4, agreements),
             "companies": (1, 3, companies), "counts": (0, 1, counts)}


def entry(rng: random.Random, index: int) -> tuple[str, str, str]:
    """(source id, article text, entry YAML) of one synthetic source."""
    year = rng.randint(2005, 2024)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    published = f"{year}-{month:02d}-{day:02d}"
    sid = f"synthetic-{published}-corpus-{index:05d}"
    counts = {table: rng.randint(low, high) for table, (low, high, _) in TEMPLATES.items()}
    sentences: list[str] = []
    blocks: dict[str, list[str]] = {table: [] for table in TEMPLATES}
    for table, (_, _, template) in TEMPLATES.items():
        for n in range(counts[table]):
            sentence, record = template(rng, n, year)
            sentences.append(sentence)
            blocks[table].append(record)
    rng.shuffle(sentences)
    text = f"Synthetic article {index}\n\n" + "\n\n".join(s + " " + FILLER * rng.randint(1, 3) for s in sentences) + "\n"
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    yaml_text = (f"id: {sid}\ntitle: Synthetic article {index}\npublisher: Synthetic\nauthor: null\n"
                 f"published_date: {published}\nurl: null\nlanguage: en\ntext_sha256: {digest}\n"
                 "notes: Generated for benchmarks; not real data.\n")
    for table, lines in blocks.items():
        if lines:
            yaml_text += f"\n{table}:\n" + "".join(lines)
    return sid, text, yaml_text


def generate(root: Path, sources: int, seed: int = 2026, progress: bool = False) -> int:
    """Write the corpus under root/data/; return the number of records."""
    rng = random.Random(seed)
    folder = root / "data" / "sources"
    shutil.rmtree(root / "data", ignore_errors=True)
    folder.mkdir(parents=True)
    shutil.copy2(ROOT / "data" / "groups.yaml", root / "data" / "groups.yaml")
    companies = "".join(f"- id: synthetic-company-{n:03d}\n  name: Synthetic Company {n:03d}\n  type: company\n"
                        f"  country: CHN\n" for n in range(COMPANIES))
    (root / "data" / "entities.yaml").write_text(companies, encoding="utf-8")
    records = 0
    for index in range(sources):
        sid, text, yaml_text = entry(rng, index)
        (folder / f"{sid}.txt").write_text(text, encoding="utf-8")
        (folder / f"{sid}.yaml").write_text(yaml_text, encoding="utf-8")
        records += yaml_text.count("\n  - id: ")
        if progress and (index + 1) % 500 == 0:
            print(f"\rgenerated {index + 1}/{sources} sources", end="", file=sys.stderr, flush=True)
    if progress:
        print(file=sys.stderr)
    return records
