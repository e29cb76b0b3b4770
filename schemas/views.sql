-- Views of the release database (silk-road-ties-<version>.sqlite, built by `make release`
-- from the published CSVs). Each answers a common question; the tests run every one and
-- compare it with the same answer worked out from the CSVs.
--
-- Read before adding anything up: `kind` tells an `actual` figure from a `target` or a
-- `forecast`; `bound` tells an exact figure from a floor (`more_than`, `at_least`) or a
-- ceiling (`less_than`, `at_most`), which a sum silently treats as exact; a trade flow is
-- over a period, an investment stock stands at a date, and stocks at different dates do not
-- add; a figure for a group (central-asia) already holds its members' figures.

-- The latest figure of every fact, with the source that reported it last. Its kind is
-- fact_kind: a target is not a figure of what happened.
CREATE VIEW latest_per_fact AS
SELECT f.fact_id, f."table", f.label, f.fact_period, f.fact_kind, f.unit,
       f.latest_value, f.latest_bound, f.reports, f.sources, f.agree, f.flags,
       f.latest_record_id, f.latest_source_id, f.latest_published_date,
       s.publisher AS latest_publisher, s.title AS latest_title
FROM facts AS f
JOIN sources AS s ON s.source_id = f.latest_source_id;

-- Trade figures between two countries (not groups), one row per record, with the pair
-- written in alphabetical order: WHERE country_a = 'CHN' AND country_b = 'KAZ'. A flow over
-- its period; measure `value` is money, `share` and `change` are percentages and ratios (a
-- change from base_period). A period whose precision is not `year` is part of a year
-- (`2023-Q1`, `2023-01/2023-10`): never the year's figure.
CREATE VIEW bilateral_trade AS
SELECT t.trade_id AS record_id, t.fact_id, t.source_id,
       min(t.reporter_country, t.partner_country) AS country_a,
       max(t.reporter_country, t.partner_country) AS country_b,
       t.reporter_country AS reporter, t.partner_country AS partner,
       t.flow, t.measure, t.kind, t.period, t.period_precision,
       t.amount_text, t.value_usd, t.bound, t.share_percent, t.change_percent, t.change_factor, t.base_period,
       t.quote
FROM trade AS t
WHERE t.reporter_country IS NOT NULL AND t.partner_country IS NOT NULL;

-- Investment figures between two countries (not groups), one row per record, the pair in
-- alphabetical order. A stock (`cumulative_stock`) stands at its as_of date: stocks at
-- different dates do not add, and a later stock already holds an earlier one. figure_type
-- `change` is a change from base_period (change_percent or change_factor), never a level.
CREATE VIEW bilateral_investment AS
SELECT i.investment_id AS record_id, i.fact_id, i.source_id,
       min(i.investor_country, i.host_country) AS country_a,
       max(i.investor_country, i.host_country) AS country_b,
       i.investor_country AS investor, i.host_country AS host,
       i.measure, i.figure_type, i.kind, i.as_of, i.as_of_precision,
       i.amount_text, i.value_usd, i.bound, i.change_percent, i.change_factor, i.base_period, i.quote
FROM investment AS i
WHERE i.investor_country IS NOT NULL AND i.host_country IS NOT NULL;

-- The series (series.csv) with the source of each figure to use: one row per pair, flow or
-- measure and year (a flow) or date (a stock), gaps as `no_figure` rows. Add up only rows
-- with additive = 1, or with recommended = 1 for those graded A or B too:
-- SELECT sum(value) FROM series_sources WHERE recommended AND ...
CREATE VIEW series_sources AS
SELECT s.series_id, s."table", s.from_place, s.to_place, s."group", s.measure, s.period, s.period_type,
       s.series_status, s.value, s.unit, s.bound, s.bound_words, s.low, s.high, s.reports, s.sources,
       s.official_reports, s.chosen_because, s.additive, s.additive_note, s.grade, s.recommended, s.fact_id, s.record_id,
       s.source_id, src.publisher, src.published_date, src.title
FROM series AS s
LEFT JOIN sources AS src ON src.source_id = s.source_id;
