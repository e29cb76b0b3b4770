"""The facts page: every fact in one filterable table with its flags (disagreement, kind,
grade, additive, recommended), then every fact several reports give as one item with its
reports, range, latest report and a flag when they disagree; country pages show the same
items."""

from __future__ import annotations

from scripts.schema.registry import facts_table
from scripts.site.escape import e, front_matter, html_table, key_values
from scripts.site.index import Site
from scripts.site.records import Records, disagree
from scripts.site.words import number, period_words


def fact_item(site: Site, fact: dict, prefix: str, link_only: bool = False) -> str:
    """One fact as one item: what it is, how many reports and sources, the spread, the
    latest report, a flag when they disagree, and (on the facts page) every report."""
    unit = fact["unit"]
    summary = [("Reports", f"{e(fact['reports'])} from {e(fact['sources'])} sources")]
    if fact["low"]:
        spread = f"{e(number(fact['low']))} to {e(number(fact['high']))} {e(unit)}"
        if fact["spread"]:
            spread += f" (spread {e(number(fact['spread']))}" + (f", {e(fact['spread_percent'])}% of the lowest)"
                                                                 if fact["spread_percent"] else ")")
        summary.append(("Figures", spread))
    latest = site.records_by_id.get(fact["latest_record_id"])
    latest_text = f"{e(fact['latest_published_date'])}"
    if fact["latest_value"]:
        bound = (fact["latest_bound"] or "exact").replace("_", " ")
        latest_text += f": {'' if bound == 'exact' else e(bound) + ' '}{e(number(fact['latest_value']))} {e(unit)}"
    if latest:
        table, row = latest
        latest_text += f", {Records(site).source_link(row, table, prefix)}"
    summary.append(("Latest report", latest_text))
    agreement = {"true": "yes, one figure fits every report within its bound", "false": "no",
                 "": "cannot be compared"}[fact["agree"]]
    summary.append(("Reports agree", e(agreement)))
    flag = ""
    if disagree(fact) or fact["flags"]:
        flag = (f'<p class="srt-flag"><strong>{"⚠" if disagree(fact) else "Note:"}</strong> '
                f"{e(fact['flags'] or 'The reports disagree.')}</p>\n")
    heading = f"{fact['label']}, {period_words(fact['fact_period']) or 'undated'}" + (f", {fact['fact_kind']}" if fact["fact_kind"] else "")
    ident = "" if link_only else f' id="{e(fact["fact_id"])}"'
    title = (f'<a href="{prefix}facts.html#{e(fact["fact_id"])}">{e(heading)}</a>' if link_only
             else f'<a class="srt-permalink" href="#{e(fact["fact_id"])}" title="Permanent link to this fact" '
             f'aria-label="Permanent link to fact {e(fact["fact_id"])}">#</a> '
             f"{e(heading)}")
    parts = [f'<section class="srt-fact"{ident}>\n<h4>{title}</h4>\n', flag,
             key_values(summary, f"Fact {heading}")]
    if not link_only:
        reports = [site.records_by_id[r] for r in site.fact_reports.get(fact["fact_id"], []) if r in site.records_by_id]
        if reports:
            table = reports[0][0]
            figure = [spec for spec in table.meta["site"]["columns"] if spec["title"] in ("Figure", "Value", "Count")]
            cells = [[(Records(site).cell(table, figure[0], row, prefix) if figure else ""),
                      Records(site).stater(table, row, prefix), Records(site).source_link(row, table, prefix)]
                     for _, row in reports]
            parts.append(html_table(["Figure", "Stated by", "Source (the record, with its quote)"], cells,
                                    f"Every report of {heading}", download="reports", searched=False))
    parts.append("</section>\n")
    return "".join(parts)


GRADE_WORDS = {"A": "A: several sources agree, or an official statement", "B": "B: one source, a figure",
               "C": "C: disagreement, a bound only, or no figure"}


def fact_row(site: Site, fact: dict, items: set[str]) -> list[str]:
    """One fact as one row of the table of every fact, with its flags."""
    heading = f"{fact['label']}, {period_words(fact['fact_period']) or 'undated'}" + (f", {fact['fact_kind']}" if fact["fact_kind"] else "")
    name = (f'<a href="#{e(fact["fact_id"])}">{e(heading)}</a>' if fact["fact_id"] in items else e(heading))
    figure = ""
    if fact["low"]:
        figure = e(number(fact["low"])) if fact["low"] == fact["high"] else f"{e(number(fact['low']))} to {e(number(fact['high']))}"
        bound = fact.get("bound_words") or ""
        figure += f" {e(fact['unit'])}" + (f" ({e(bound)})" if bound and fact.get("latest_bound") != "exact" else "")
    flags = []
    if disagree(fact):
        flags.append('<strong class="srt-flag">⚠ the reports disagree</strong>')
    if fact.get("fact_kind") in ("target", "forecast"):
        flags.append(f"<strong>{e(fact['fact_kind'])}</strong>: {e(fact.get('kind_words', ''))}")
    flags += [e(fact["flags"])] if fact["flags"] else []
    added = {"true": "yes", "false": "no"}.get(fact.get("additive", ""), "")
    recommended = {"true": "yes", "false": "no"}.get(fact.get("recommended", ""), "")
    return [name, figure, e(fact["reports"]), e(fact.get("grade", "")) + (f"<br><small>{e(fact.get('grade_reasons', ''))}</small>"
                                                                          if fact.get("grade_reasons") else ""),
            e(added) + (f"<br><small>{e(fact.get('additive_note', ''))}</small>" if fact.get("additive_note") else ""),
            e(recommended), " ".join(flags)]


def facts_page(site: Site) -> None:
    every = sorted(site.facts.values(), key=lambda f: (not disagree(f), f["table"], f["label"], f["fact_period"], f["fact_id"]))
    shared = [f for f in every if int(f["reports"]) > 1]
    flagged = sum(disagree(f) for f in every)
    columns = facts_table().descriptor["fields"] if facts_table() else []
    items = {f["fact_id"] for f in shared}
    parts = [front_matter("Facts"), "<h1>Facts</h1>\n",
             "<p>A fact is one measure for the same economies, period and kind; every record names its fact, and "
             "two sources reporting the same figure give two records of one fact. A figure for part of a year "
             "(a quarter, a half, January–October, the year to date) is a fact apart from the year's, and a change "
             "(in percent or times, from a base period) a fact apart from the levels. The table lists every fact "
             "with its flags: whether its reports disagree (listed first), whether it is a target or a forecast, "
             "its grade (after AidData's source-quality score: A when several sources agree or an official body "
             "states it, B for one source's figure, C for a disagreement, a bound alone or no figure; a statement "
             "is official when its stater is a government body of the registry, or, when the text names no "
             "stater, when its publisher is that body speaking in its own voice, as a ministry's own press page: "
             "never guessed from a name) and whether "
             "it may be added to others and is recommended for aggregates. Type in the filter box to keep the "
             "rows that hold a word (<kbd>disagree</kbd>, <kbd>target</kbd>, <kbd>KAZ</kbd>). "
             f"Facts: {len(every)}; disagreeing: {flagged}; with more than one report: {len(shared)}. The same "
             'rows are in <a href="downloads/data/facts.csv">facts.csv</a>'
             + (f" ({len(columns)} columns, see the <a href=\"dictionary.html#facts\">dictionary</a>)" if columns else "")
             + ".</p>\n"]
    if every:
        parts.append(html_table(["Fact", "Figure", "Reports", "Grade", "May be added", "Recommended", "Flags"],
                                [fact_row(site, fact, items) for fact in every], "Every fact, with its flags",
                                download="facts"))
    else:
        parts.append("<p>No fact yet: no record of a table with facts (trade, investment, companies, counts) "
                     "has been published. Add an article with such figures (see CONTRIBUTING.md), and its facts "
                     "appear here.</p>\n")
    parts.append("<h2>Facts reported more than once</h2>\n<p>Every report beside the others, the spread of their "
                 "figures, the latest report and a flag when they disagree.</p>\n")
    parts += [fact_item(site, fact, "") for fact in shared]
    if not shared:
        parts.append("<p>No fact has more than one report yet: each fact above comes from one record. When a "
                     "second source reports the same figure, both reports are shown here side by side.</p>\n")
    site.write("facts.md", "\n".join(parts))
