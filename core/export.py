"""The rows behind a view, as a CSV an analyst can cite: every figure the map and the charts draw, as they draw it.

Which rows, each saying where it is shown (`shown_in`) and whether its route or country is selected:
- the map: the indicator colouring the countries for the selected year (every country with a figure; for "route
  risk", each country's highest score among the selected routes), every route line's volume (its width) and risk
  score (its colour) for that year;
- the charts: detections and dead and missing of the selected routes over the years, dead and missing per 1,000
  detections, Syrian refugees by host country, Ukraine's internally displaced and refugees abroad, and the risk
  chart's score of each selected route with each input's contribution;
- the headline cards; and any added figures (a visitor's, a link's, the operator's) the view shows, in rows of their
  own marked "not checked".
Every row names its source id, publisher, title and URL. A figure computed here (a rate, a risk score, a
contribution) names the method document and the sources of every figure it was computed from. A comment block on
top names the view's link, the sources and their licences.

Every text cell is neutralised for spreadsheets as OWASP recommends (a cell that begins with `=`, `+`, `-`, `@`, a TAB
or a CR gets a leading `'`; control characters are removed), so no file can smuggle a formula into an analyst's
spreadsheet. The view's link is built from the configured public address, or left relative: never from the Host
header of a request.
"""

from __future__ import annotations

import io
import math
import re
from datetime import date

import pandas as pd

from core.added_figures import NONE, AddedFigures
from core.cards import comparable_latest, latest_row, year_card_figures
from core.placement import AS_GIVEN
from core.prepared import Prepared
from core.risk import NOT_COUNTED, TIER_SCORE, WEIGHT_NAMES, composite, coverage
from core.selections import (
    DEFAULT_ORIGIN,
    TOP_NATIONALITIES,
    drawn_on_map,
    flow_rows,
    found_rows,
    incident_rows,
    origin_asylum,
    period_words,
    top_countries,
)
from core.text import column as column_in
from core.text import computed_confidence, confidence_words, fmt_date, fmt_number, period, qualifier_words, t
from core.victims import INDICATOR as VICTIMS
from core.victims import release_words
from core.view import View, to_query

SERIES = ("syr_refugees_hosted", "idps", "refugees_from_ukr")
ROUTE_CHARTS = {"detections": "chart.detections", "dead_missing": "chart.deaths"}
_FRONTEX_MONTHLY = "frontex_ibc_2025_06_gdidata"  # the source of every monthly and nationality row
METHOD_ID = "risk_method"  # the route-risk method (docs/risk-method.md, on the "Sources and method" page)
_FORMULA = re.compile(r"^[=+\-@\t\r]")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# the start of a cell (the text's start, or after a delimiter, spaces and an opening quote) followed by a formula
_CELL_FORMULA = re.compile(r"((?:^|[,;\t])[ \"']*)([=+\-@])")
KEY = ["table", "route_id", "iso3", "year", "indicator"]

COLUMNS = ["table", "shown_in", "selected", "route_id", "iso3", "name", "year", "period", "indicator", "label",
           "value", "unit", "qualifier", "confidence", "coverage", "source_id", "publisher", "title", "url",
           "licence", "caveat", "lon", "lat", "placement"]


def view_rows(prep: Prepared, view: View, added: AddedFigures = NONE, base: str = "") -> pd.DataFrame:
    """Every figure row behind the view, joined to its indicator text and its source(s).

    ``base`` is the public address the method document's URL starts with (relative without one)."""
    lang = view.lang
    frames = [*_chart_rows(prep, view), *_map_rows(prep, view), *_risk_rows(prep, view), _headline_rows(prep, lang)]
    rows = pd.concat([f for f in frames if not f.empty], ignore_index=True)
    # One row per figure: a figure both the map and a chart draw names both.
    # (in plain Python: a groupby transform built a Series per figure, 2 s of every export on a busy machine)
    keys = list(zip(*(rows[k].astype(object).where(rows[k].notna(), None) for k in KEY)))
    shown: dict[tuple, dict[str, None]] = {}
    for key, where in zip(keys, rows["shown_in"]):
        shown.setdefault(key, {})[where] = None
    rows["shown_in"] = ["; ".join(shown[key]) for key in keys]
    rows = rows.drop_duplicates(KEY).reset_index(drop=True)
    # Months, nationalities, incidents and origin/asylum rows are one figure each already (and share keys).
    # So are the cards' rows (an area figure has no country: two areas may share an indicator and a year).
    finer = [f for f in [_latest_rows(prep, lang), _card_rows(prep, view), *finer_rows(prep, view)] if not f.empty]
    rows = pd.concat([rows, *finer], ignore_index=True) if finer else rows
    selected = set(view.routes) | set(view.countries)
    yes = t("export.yes", lang)
    rows["selected"] = [yes if (r in selected or c in selected) else "" for r, c in zip(rows["route_id"], rows["iso3"])]
    texts = prep.indicator_texts.get(lang, prep.indicator_texts["en"])
    known = rows["indicator"].isin(list(texts))
    for column in ("label", "unit", "caveat"):
        from_text = rows["indicator"].map(lambda k, c=column: getattr(texts[k], c) if k in texts else "")
        rows[column] = from_text.where(known, rows.get(column, pd.Series("", index=rows.index)).fillna(""))
    sources = _sources(prep, lang, base)
    for column in ("publisher", "title", "url", "licence"):
        rows[column] = rows["source_id"].map(lambda ids, c=column: "; ".join(
            dict.fromkeys(sources[c].get(i, "") for i in ids.split("; ") if i)))
    if "source_url" in rows:  # a row that names the very page it was read from (a TIP tier) shows that page
        page = rows["source_url"].fillna("")
        rows["url"] = page.where(page != "", rows["url"])
    own_caveat = rows["source_id"].map(lambda ids: sources["caveat"].get(ids, ""))
    rows["caveat"] = rows["caveat"].fillna("").where(rows["caveat"].fillna("") != "", own_caveat)
    # "more than", "about", "preliminary": how the source words the number, so a reader does not take it as exact.
    rows["qualifier"] = rows["confidence"].map(lambda c: qualifier_words(c, lang))
    if "censored" in rows.columns:  # UNODC's suppressed cells: no number, "fewer than 5" in the reader's language
        censored = rows["censored"].eq(True)
        rows.loc[censored, "qualifier"] = t("victims.censored", lang)
        rows.loc[censored, "value"] = math.nan
    # Periods and confidence labels in the reader's language (the data's English labels are catalogue keys).
    rows["period"] = rows["period"].map(lambda p: period(p, lang) if isinstance(p, str) else p)
    rows["confidence"] = rows["confidence"].map(lambda c: confidence_words(c, lang))
    extra = _added_rows(prep, view, added)
    rows = pd.concat([rows, extra], ignore_index=True) if len(extra) else rows
    # Cells with no figure are written empty; numeric columns become text-or-number cells for that (pandas 3 will
    # refuse an empty string in a float column).
    return rows.reindex(columns=COLUMNS).astype(object).fillna("")


def _sources(prep: Prepared, lang: str, base: str) -> dict[str, dict[str, str]]:
    """Per column, source id -> text: the shipped sources, and the risk method as a source of its own."""
    frame = prep.sources_in(lang)
    out = {c: frame[c].to_dict() for c in ("publisher", "title", "url", "licence", "caveat")}
    method = {"publisher": t("method.publisher", lang), "title": t("method", lang),
              "url": f"{base.rstrip('/')}/sources", "licence": "MIT", "caveat": t("chart.risk.note", lang)}
    for column, value in method.items():
        out[column][METHOD_ID] = value
    return out


def _chart_rows(prep: Prepared, view: View) -> list[pd.DataFrame]:
    """What the five charts draw (the risk chart's rows come with the map's route colours, in `_risk_rows`)."""
    lang = view.lang
    ry = prep.bundle.route_year
    order = {r: i for i, r in enumerate(prep.options.routes)}
    frames = []
    for indicator, chart in ROUTE_CHARTS.items():
        if indicator == "detections" and view.months:
            continue  # the months view's detections chart draws months (finer_rows), not years
        rows = ry[(ry["indicator"] == indicator) & ry["route_id"].isin(view.routes)]
        rows = rows.sort_values(["route_id", "year"], key=lambda s: s.map(order) if s.name == "route_id" else s)
        frames.append(rows.assign(table="route_year", iso3="", shown_in=t(chart, lang),
                                  name=rows["route_id"].map(lambda r: prep.route_name(r, lang))))
    frames.append(_rates(prep, view))
    # The Syria and Ukraine lines come from UNHCR's asylum x origin table (each row names the cells it is); IDPs
    # and the later counts of other measures drawn apart come from their hand-checked rows.
    cy, official = prep.bundle.country_year, prep.official
    idps = cy[(cy["iso3"] == "UKR") & (cy["indicator"] == "idps")].sort_values("year")
    apart = official.apart
    for rows, table, chart in (
            (official.syria, "unhcr_asylum_origin", "chart.syria"),
            (apart[apart["indicator"] == "syr_refugees_hosted"], "country_year", "chart.syria"),
            (idps, "country_year", "chart.ukraine"), (official.ukraine, "unhcr_asylum_origin", "chart.ukraine"),
            (apart[apart["indicator"] == "refugees_from_ukr"], "country_year", "chart.ukraine")):
        frames.append(rows.assign(table=table, route_id="", shown_in=t(chart, lang),
                                  name=rows["iso3"].map(lambda c: prep.country_name(c, lang))))
        if "coverage" in rows:
            frames[-1]["coverage"] = [cell_words(c, lang) for c in rows["coverage"]]
    return frames


def cell_words(cells: object, lang: str) -> str:
    """Which cells of UNHCR's asylum x origin table a figure is ("asylum: EGY; origin: SYR; group: refugee", "sum
    over 41 countries of asylum"), in ``lang``: the words translated, the country codes kept."""
    if not isinstance(cells, str):
        return ""
    words = []
    for part in cells.split("; "):
        key, _, value = part.partition(": ")
        if key in ("asylum", "origin"):
            words.append(t(f"cell.{key}", lang, code=value))
        elif key == "group":
            words.append(t("cell.group", lang, group=t(f"group.{value}", lang)))
        elif part.startswith("sum over "):
            words.append(t("cell.sum", lang, n=part.split()[2]))
        else:
            words.append(part)
    return "; ".join(words)


def finer_rows(prep: Prepared, view: View) -> list[pd.DataFrame]:
    """What the months view, the nationality charts, the incident layer and the origin and asylum chart draw.

    Every row's `year` is a year. Monthly rows carry their month ('YYYY-MM') in `period`; a nationality total names
    its months in `period`; each incident is a row of its own (its date in `period`, survivors, cause and
    nationalities in `coverage`, the point drawn in `lon`, `lat` and how it was placed in `placement`)."""
    lang, finer = view.lang, prep.finer
    frames = []
    if view.months:
        wide = finer.route_month.loc[view.months[0]:view.months[1], [r for r in view.routes if r in finer.routes]]
        # A month without a Frontex row has no figure (the chart leaves a gap): no row, never an empty "exact" one.
        long = wide.stack().dropna().rename("value").reset_index()
        frames.append(pd.DataFrame({
            "table": "route_month", "shown_in": t("shown.detections_month", lang), "route_id": long["route_id"],
            "iso3": "", "name": long["route_id"].map(lambda r: prep.route_name(r, lang)),
            "year": long["month"].str[:4].astype(int), "period": long["month"], "indicator": "detections",
            "value": long["value"], "confidence": "exact", "source_id": _FRONTEX_MONTHLY}))
    found = finer.period(view.year, view.months)
    if found is not None:
        words = period_words(prep, view, found)
        totals = finer.by_nationality(view.routes, found).head(TOP_NATIONALITIES)  # the bars the chart draws
        frames.append(pd.DataFrame({
            "table": "route_nationality", "shown_in": t("shown.nationalities", lang), "route_id": "; ".join(
                r for r in view.routes if r in finer.routes), "iso3": totals.index,
            "name": [prep.country_name(c, lang) for c in totals.index], "year": view.year if found.year else "",
            "period": f"{found.first}..{found.last}", "indicator": "detections", "value": totals.values,
            "confidence": "exact", "source_id": _FRONTEX_MONTHLY, "coverage": words}))
        # The "who is found" bars beside them: UNODC's cells for those citizenships, one row per country of detection.
        _, found_cells = found_rows(prep, view, list(totals.index))
        if len(found_cells):
            frames.append(victim_rows(prep, view, found_cells.assign(source_id=prep.victims.source_id),
                                      t("shown.found", lang), only_on_map=False))
        if view.nationality:
            crossings = finer.by_route(view.nationality, found)
            frames.append(pd.DataFrame({
                "table": "nationality_route", "shown_in": t("shown.crossings", lang), "route_id": crossings.index,
                "iso3": view.nationality, "name": [prep.route_name(r, lang) for r in crossings.index],
                "year": view.year if found.year else "", "period": f"{found.first}..{found.last}",
                "indicator": "detections", "value": crossings.values, "confidence": "exact",
                "source_id": _FRONTEX_MONTHLY, "coverage": words}))
    if view.flows:
        _, flows = flow_rows(prep, view)
        drawn = drawn_on_map(prep, flows).to_numpy()
        shown = [t("shown.flows", lang) if d else t("shown.flows_beyond", lang) for d in drawn]
        frames.append(victim_rows(prep, view, flows.assign(source_id=prep.victims.source_id), shown,
                                  only_on_map=False))
    incidents = incident_rows(prep, view)
    if len(incidents):
        frames.append(pd.DataFrame({
            "table": "incidents", "shown_in": t("shown.incidents", lang), "route_id": incidents["route_id"].fillna(""),
            "iso3": incidents["country"], "name": incidents["location"], "year": incidents["month"].str[:4].astype(int),
            "period": incidents["date"], "indicator": "dead_missing", "label": incidents["type"],
            "value": incidents["dead_missing"], "confidence": "minimum estimate",
            "coverage": [f"survivors: {'' if s != s else int(s)}; cause: {c}; nationalities: {n if n == n else ''}"
                         for s, c, n in zip(incidents["survivors"], incidents["cause"], incidents["nationalities"])],
            "source_id": incidents["source_id"], "caveat": t("legend.incidents.note", lang),
            # The point the map draws (empty when it draws none), and how it was placed, to map them again.
            **placement_columns(incidents, lang)}))
    country = view.countries[0] if len(view.countries) == 1 else DEFAULT_ORIGIN
    hosts, abroad, used = origin_asylum(prep, country, view.year)
    for frame, other in ((hosts, "origin"), (abroad, "asylum")):
        frame = frame[frame[other].isin(top_countries(frame, other))]  # the countries the chart's panel draws
        frames.append(pd.DataFrame({
            "table": "unhcr_asylum_origin", "shown_in": t("shown.asylum", lang), "route_id": "",
            "iso3": frame[other], "name": [prep.country_name(c, lang) for c in frame[other]], "year": frame["year"],
            "period": frame["period"], "indicator": frame["group"],
            "label": [t(f"group.{g}", lang) for g in frame["group"]], "value": frame["value"],
            "unit": prep.indicator("syr_refugees_hosted", lang).unit,
            "confidence": "exact",
            "coverage": [cell_words(f"asylum: {a}; origin: {o}", lang) for a, o in zip(frame["asylum"],
                                                                                        frame["origin"])],
            "source_id": frame["source_id"]}))
    return frames


def placement_columns(incidents: pd.DataFrame, lang: str) -> dict[str, list]:
    """`lon`, `lat` of the point drawn and `placement`: as IOM gave it, or not given precisely (IOM's point named,
    not drawn)."""
    given = (incidents["placement"] == AS_GIVEN).tolist()
    lon, lat = incidents["lon"].round(4).tolist(), incidents["lat"].round(4).tolist()
    return {
        "lon": [x if ok else "" for x, ok in zip(lon, given)], "lat": [y if ok else "" for y, ok in zip(lat, given)],
        "placement": [t("placement.as_given", lang) if ok else t("placement.not_precise", lang, lon=x, lat=y)
                      for x, y, ok in zip(lon, lat, given)],
    }


def _rates(prep: Prepared, view: View) -> pd.DataFrame:
    """Dead and missing per 1,000 detections (the deaths chart's lower panel), naming both counts' sources."""
    raw = prep.risk.raw.reset_index()
    raw = raw[raw["route_id"].isin(view.routes) & raw["deaths_per_1000"].notna()]
    ry = prep.bundle.route_year.set_index(["route_id", "year", "indicator"])["source_id"]
    order = {r: i for i, r in enumerate(prep.options.routes)}
    raw = raw.sort_values(["route_id", "year"], key=lambda s: s.map(order) if s.name == "route_id" else s)
    return pd.DataFrame({
        "table": "route_rate", "shown_in": t("chart.deaths.rate", view.lang), "route_id": raw["route_id"],
        "iso3": "", "name": raw["route_id"].map(lambda r: prep.route_name(r, view.lang)), "year": raw["year"],
        "period": "calendar year", "indicator": "deaths_per_1000", "label": t("chart.deaths.rate", view.lang),
        "unit": t("unit.per_1000", view.lang),
        "value": raw["deaths_per_1000"].round(2),
        # A rate inherits its inputs' weakest confidence (a later, secondary or preliminary release).
        "confidence": [computed_confidence(prep.route_confidence.get((r, y, "dead_missing")),
                                           prep.route_confidence.get((r, y, "detections")))
                       for r, y in zip(raw["route_id"], raw["year"])],
        "source_id": [f"{ry[(r, y, 'dead_missing')]}; {ry[(r, y, 'detections')]}"
                      for r, y in zip(raw["route_id"], raw["year"])],
        "caveat": t("chart.deaths.note", view.lang),
    })


def _map_rows(prep: Prepared, view: View) -> list[pd.DataFrame]:
    """The map: the countries' indicator for the year and every route line's volume."""
    lang, shown = view.lang, t("map.shown", view.lang)
    on_map = set(prep.bundle.countries["iso3"])
    frames = []
    if view.indicator == "tip_tier":
        tiers = prep.bundle.tip_tiers
        tiers = tiers[(tiers["report_year"] == view.year) & tiers["iso3"].isin(on_map)].sort_values("iso3")
        # Each tier names the page it was read from (`url`, over the source's own) and its basis (`coverage`).
        frames.append(tiers.rename(columns={"report_year": "year", "tier": "value", "basis": "coverage"}).assign(
            table="tip_tiers", route_id="", indicator="tip_tier", period="report year", shown_in=shown,
            name=lambda f: f["iso3"].map(lambda c: prep.country_name(c, lang))))
    elif view.indicator == VICTIMS:
        frames.append(victim_rows(prep, view, prep.bundle.victims[prep.bundle.victims["year"] == view.year]
                                  .rename(columns={"iso3": "detected_in"}), shown))
    elif view.indicator != "route_risk":  # route risk by country comes with the scores (`_risk_rows`)
        cy = prep.bundle.country_year
        rows = cy[(cy["indicator"] == view.indicator) & (cy["year"] == view.year) & cy["iso3"].isin(on_map)]
        frames.append(rows.sort_values("iso3").assign(
            table="country_year", route_id="", shown_in=shown,
            name=lambda f: f["iso3"].map(lambda c: prep.country_name(c, lang))))
    vol = prep.volumes.reset_index()
    vol = vol[vol["year"] == view.year]
    frames.append(pd.DataFrame({
        "table": "route_volume", "shown_in": t("map.width", lang), "route_id": vol["route_id"], "iso3": "",
        "name": vol["route_id"].map(lambda r: prep.route_name(r, lang)), "year": vol["year"],
        "period": vol["period"], "indicator": vol["indicator"], "value": vol["value"],
        "confidence": vol["confidence"], "source_id": vol["source_id"],
        # A corridor's volume is our sum over its host countries: the parts it adds up.
        "coverage": [t("computed_sum", lang, n=len(p.split(";"))) + ": " + ", ".join(p.split(";")) if p else ""
                     for p in vol["parts"]],
    }))
    return frames


def victim_rows(prep: Prepared, view: View, rows: pd.DataFrame, shown: str | list[str],
                only_on_map: bool = True) -> pd.DataFrame:
    """UNODC cells (a total, or a citizenship cell when ``rows`` has a ``citizenship`` column) as CSV rows: a censored
    cell has no value and its qualifier says "fewer than 5" in the reader's language; the release date is in
    `coverage`."""
    lang = view.lang
    if only_on_map:
        rows = rows[rows["detected_in"].isin(set(prep.bundle.countries["iso3"]))]
    by_citizenship = "citizenship" in rows.columns
    release = release_words(prep.victims.release, lang)
    coverage = [release if not by_citizenship else
                f"{t('victims.citizenship', lang)}: "
                f"{prep.country_name(c, lang) if isinstance(c, str) else lab}; {release}"
                for c, lab in zip(rows.get("citizenship", rows["detected_in"]), rows.get("label", rows["detected_in"]))]
    return pd.DataFrame({
        "table": "unodc_victims_citizenship" if by_citizenship else "unodc_victims", "shown_in": shown,
        "route_id": "", "iso3": rows["detected_in"].to_numpy(),
        "name": [prep.country_name(c, lang) for c in rows["detected_in"]], "year": rows["year"].to_numpy(),
        "period": "calendar year", "indicator": VICTIMS,
        "value": rows["value"].to_numpy(), "confidence": "exact", "coverage": coverage,
        "source_id": rows["source_id"].to_numpy(), "censored": (rows["censored"] == "yes").to_numpy(),
        # A citizenship cell's key: one country of detection and year holds many citizenships.
        "citizenship": rows["citizenship"].fillna("").to_numpy() if by_citizenship else "",
    })


def _input_sources(prep: Prepared, route_id: str, year: int) -> dict[str, list[str]]:
    """The sources each risk input of a route-year was computed from."""
    ry = prep.bundle.route_year
    here = ry[(ry["route_id"] == route_id) & (ry["year"] == year)].set_index("indicator")["source_id"]
    routes = prep.bundle.routes.set_index("route_id")
    members = {c for part in (routes.loc[route_id, "origin"], routes.loc[route_id, "transit"])
               if isinstance(part, str) for c in part.split(";") if c}
    tiers = prep.bundle.tip_tiers
    # Only the tiers the mean counts: not a special case, not a tier resting on secondary pages only.
    counted = tiers["tier"].isin(list(TIER_SCORE)) & ~tiers["confidence"].str.startswith(NOT_COUNTED)
    tier_sources = tiers[(tiers["report_year"] == year) & tiers["iso3"].isin(members) & counted]["source_id"]
    return {
        "volume": [here[k] for k in ("detections",) if k in here.index],
        "lethality": [here[k] for k in ("dead_missing", "detections") if k in here.index],
        "governance": sorted(set(tier_sources)),
        "exploitation": [here[k] for k in ("exploitation_share",) if k in here.index],
    }


def _risk_rows(prep: Prepared, view: View) -> list[pd.DataFrame]:
    """Route-risk scores: every route's (the map's line colours); each selected route's input contributions (the
    risk chart); and, when the map shows route risk, each country's highest score among the selected routes."""
    lang = view.lang
    risk = composite(prep.risk, view.year, view.weights)
    risk = risk[risk["score"].notna()]
    weights = t("export.weights", lang, weights=", ".join(f"{t(f'weight.{n}', lang)} {w}"
                                                          for n, w in zip(WEIGHT_NAMES, view.weights)))
    chart, colour = t("chart.risk", lang), t("map.colour", lang)
    scores, inputs = [], []
    composite_words: dict[str, str] = {}
    for route_id, row in risk.iterrows():
        used = _input_sources(prep, route_id, view.year)
        # A score built on a later, secondary release's figures says so, like the rate it is built from.
        composite_words[route_id] = computed_confidence(
            *(prep.route_confidence.get((route_id, view.year, k)) for k in ("detections", "dead_missing")),
            base="analytic composite")
        counted = [n for n in WEIGHT_NAMES if not math.isnan(row[n])]
        all_sources = "; ".join(dict.fromkeys([METHOD_ID, *(s for n in counted for s in used[n])]))
        name = prep.route_name(route_id, lang)
        scores.append(dict(
            table="route_risk", shown_in=f"{colour}; {chart}" if route_id in view.routes else colour,
            route_id=route_id, iso3="", name=name, year=view.year, period=weights,
            indicator="route_risk_score", label=t("risk.score", lang), unit="/ 100",
            value=round(float(row["score"]), 1), confidence=composite_words[route_id],
            caveat=t("chart.risk.note", lang),
            coverage="; ".join(f"{t(f'weight.{n}', lang)}: {coverage(prep.risk, route_id, view.year, n, lang)}"
                               for n in WEIGHT_NAMES),
            source_id=all_sources))
        if route_id not in view.routes:
            continue
        for n in counted:
            inputs.append(dict(
                table="route_risk_input", shown_in=chart, route_id=route_id, iso3="", name=name, year=view.year,
                period=weights, indicator=f"risk_input.{n}",
                label=t("risk.contribution", lang, input=t(f"weight.{n}", lang)),
                value=round(float(row[n]), 1), unit="/ 100", confidence=composite_words[route_id],
                coverage=coverage(prep.risk, route_id, view.year, n, lang),
                source_id="; ".join(dict.fromkeys([METHOD_ID, *used[n]])), caveat=t("chart.risk.note", lang)))
    frames = [pd.DataFrame(scores), pd.DataFrame(inputs)]
    if view.indicator == "route_risk":
        best: dict[str, tuple[float, str]] = {}
        for route_id in (r for r in view.routes if r in risk.index):
            for iso in prep.route_countries[route_id]:
                score = float(risk.loc[route_id, "score"])
                if iso not in best or score > best[iso][0]:
                    best[iso] = (score, route_id)
        on_map = set(prep.bundle.countries["iso3"])
        frames.append(pd.DataFrame([dict(
            table="country_route_risk", shown_in=t("map.shown", lang), route_id=r, iso3=iso,
            name=prep.country_name(iso, lang), year=view.year, period=weights,
            indicator="route_risk", value=round(score, 1), confidence=composite_words[r],
            source_id=next(s["source_id"] for s in scores if s["route_id"] == r))
            for iso, (score, r) in sorted(best.items()) if iso in on_map]))
    return frames


def to_csv(prep: Prepared, view: View, link: str, today: date | None = None, added: AddedFigures = NONE,
           base: str = "") -> str:
    """The CSV text: a `#` comment block (title, link, date, sources and licences), then the rows."""
    lang = view.lang
    rows = view_rows(prep, view, added, base).map(neutralise)
    used = prep.sources_in(lang)
    used = used[used.index.isin(used_sources(rows))]
    lines = [
        "# " + t("export.title", lang),
        "# " + t("export.view", lang, link=link),
        "# " + t("export.exported", lang, date=fmt_date((today or date.today()).isoformat(), lang)),
        "# " + t("export.warning", lang),
        "# " + t("export.sources", lang),
        *[f"#   [{s.Index}] " + t("export.source", lang, publisher=s.publisher, title=s.title, url=s.url,
                                    refers_to=s.refers_to, licence=s.licence)
          for s in used.itertuples()],
        *[f"#   [{f.origin}_{i + 1}] {t(f'added.publisher.{f.origin}', lang)}: {comment_safe(f.name)}"
          for i, f in enumerate(added.files) if f.accepted],
    ]
    # The header in the reader's language too; the columns' order and meaning do not change with it.
    rows.columns = [t(f"export.column.{c}", lang) for c in rows.columns]
    out = io.StringIO()
    out.write("\n".join(line.replace("\n", " ") for line in lines) + "\n")
    rows.to_csv(out, index=False, lineterminator="\n")
    return out.getvalue()


def used_sources(rows: pd.DataFrame) -> list[str]:
    """The source ids the rows name, in order of first use (a computed row names several)."""
    return list(dict.fromkeys(i for ids in rows["source_id"] for i in str(ids).split("; ") if i))


def filename(prep: Prepared, view: View) -> str:
    """A short, safe file name that says which view it holds."""
    routes = "all-routes" if set(view.routes) == set(prep.options.routes) else "-".join(view.routes)[:60] or "none"
    return f"migration-routes_{view.year}_{view.indicator}_{routes}.csv"


def link_for(public_url: str, prep: Prepared, view: View) -> str:
    """The shareable link of a view under the configured public address, or relative ("/?...") without one."""
    return f"{public_url.rstrip('/')}/?{to_query(view, prep.options)}"


def comment_safe(text: str) -> str:
    """Text a visitor chose (a file's name) inside a `#` comment line: a spreadsheet splits that line into cells at
    each comma, semicolon or tab, so every part that would begin a cell with a formula is made text, as data cells
    are (`a.csv,=HYPERLINK(...)` becomes `a.csv,'=HYPERLINK(...)`)."""
    text = _CONTROL.sub("", text)
    return _CELL_FORMULA.sub(lambda m: m.group(1) + "'" + m.group(2), text)


def neutralise(cell: object) -> object:
    """A CSV cell that no spreadsheet will run: control characters removed, a formula-like start made text."""
    if not isinstance(cell, str):
        return cell
    text = _CONTROL.sub("", cell)
    if _FORMULA.match(text) and not _NUMBER.match(text):
        return "'" + text
    return text


def _added_rows(prep: Prepared, view: View, added: AddedFigures) -> pd.DataFrame:
    """The added figures the view shows (selected routes; the map's indicator and year, and the Syria and Ukraine
    series), each naming its file and marked not checked."""
    rows = added.rows()
    if rows.empty:
        return rows
    route = (rows["scope"] == "route") & rows["key"].isin(view.routes)
    country = (rows["scope"] == "country") & (((rows["indicator"] == view.indicator) & (rows["year"] == view.year))
                                              | rows["indicator"].isin(SERIES))
    rows = rows[route | country]
    is_route = rows["scope"] == "route"
    name = [prep.route_name(k, view.lang) if r else prep.country_name(k, view.lang)
            for k, r in zip(rows["key"], is_route)]
    return pd.DataFrame({
        "table": "added_figures", "shown_in": "", "route_id": rows["key"].where(is_route, ""),
        "iso3": rows["key"].where(~is_route, ""), "name": name, "year": rows["year"], "period": rows["period"],
        "indicator": rows["indicator"],
        "label": [f"{i} — {t(f'added.{o}', view.lang)}" for i, o in zip(rows["indicator"], rows["origin"])],
        "value": rows["value"], "unit": "", "confidence": "not checked", "source_id": rows["file_id"],
        "publisher": [t(f"added.publisher.{o}", view.lang) for o in rows["origin"]], "title": rows["file"],
        "url": "", "licence": "", "caveat": rows["note"],
    })


def _card_rows(prep: Prepared, view: View) -> pd.DataFrame:
    """The year cards' figures (core/cards.py, the same the page draws): a row, our total of one series (naming its
    parts in `coverage`) or the parts of a card with no total. An area figure names its area in `name`."""
    lang, shown = view.lang, t("year_cards", view.lang)
    out = []
    for figure in year_card_figures(prep, view.year):
        if figure.kind == "none":
            continue
        common = dict(table="year_card", shown_in=shown, route_id="", year=view.year, indicator=figure.indicator)
        if figure.kind == "sum":
            out.append(dict(common, iso3="", name=t("computed_sum", lang,
                            n=len(figure.rows)), period="; ".join(sorted(figure.periods)), value=figure.value,
                            confidence=figure.confidence, source_id="; ".join(figure.sources),
                            coverage="; ".join(f"{r['iso3']}: {fmt_number(r['value'], lang)} "
                                               f"({confidence_words(r['confidence'], lang)})" for r in figure.rows)))
            continue
        for r in figure.rows:
            area = r.get("area")
            out.append(dict(common, iso3="" if area else r["iso3"],
                            name=t(f"area.{area}", lang) if area else prep.country_name(r["iso3"], lang),
                            period=r["period"], value=r["value"], confidence=r["confidence"],
                            source_id=r["source_id"]))
    return pd.DataFrame(out)


def _latest_rows(prep: Prepared, lang: str) -> pd.DataFrame:
    """The "Latest" figure each headline card sets beside its 2015 figure (saying when it is another measure)."""
    out = []
    for h in prep.bundle.headlines.itertuples():
        row = latest_row(prep, h.latest)
        if row is None:
            continue
        area = row.get("area") if isinstance(row.get("area"), str) else None
        out.append(dict(table="headline_latest", shown_in=f"{t('headlines', lang)}: {t('headline.latest', lang)}",
                        route_id="", iso3="" if area else row["iso3"],
                        name=t(f"area.{area}", lang) if area else prep.country_name(row["iso3"], lang),
                        year=int(row["year"]), period=row["period"], indicator=row["indicator"], value=row["value"],
                        confidence=row["confidence"], source_id=row["source_id"],
                        coverage=t("export.beside", lang, headline=getattr(h, column_in("official_wording", lang)))
                        + ("" if comparable_latest(h.measure, row["indicator"])
                           else "; " + t("headline.other_measure", lang))))
    return pd.DataFrame(out)


def _headline_rows(prep: Prepared, lang: str) -> pd.DataFrame:
    h = prep.bundle.headlines
    wording = h[column_in("official_wording", lang)]
    return pd.DataFrame({
        "table": "headlines", "route_id": "", "iso3": "", "name": wording,
        "year": [int(d[:4]) for d in h["as_of"]], "period": h[column_in("period", lang)], "indicator": h["headline_id"],
        "label": wording, "unit": h[column_in("unit", lang)], "caveat": h[column_in("note", lang)].fillna(""),
        "value": h["value"], "confidence": h["confidence"], "source_id": h["source_id"],
        "shown_in": t("headlines", lang),
    })
