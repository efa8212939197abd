"""The rows behind a view, as a CSV an analyst can cite: every figure with its unit, period, confidence and source.

Which rows: the selected routes' figures (all years, as the charts show them); the map's indicator for the selected
year (selected countries only, if any are selected); the Syria and Ukraine series; the TIP tiers of the selected
routes' countries for that year; the route-risk scores for that year (labelled as an analytic composite); and the
seed's headline figures; and any added figures (a visitor's, a link's, the operator's), in rows of their own marked
"not checked". A comment block on top names the view's link, the sources and their licences.

Every text cell is neutralised for spreadsheets as OWASP recommends (a cell that begins with `=`, `+`, `-`, `@`, a TAB
or a CR gets a leading `'`; control characters are removed), so no file can smuggle a formula into an analyst's
spreadsheet. The view's link is built from the configured public address, or left relative: never from the Host
header of a request.
"""

from __future__ import annotations

import io
import re
from datetime import date

import pandas as pd

from core.added_figures import NONE, AddedFigures
from core.prepared import Prepared
from core.risk import WEIGHT_NAMES, composite, coverage
from core.text import qualifier_words, t
from state.view import View, to_query

SERIES = ("syr_refugees_hosted", "idps", "refugees_from_ukr")
_FORMULA = re.compile(r"^[=+\-@\t\r]")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

COLUMNS = ["table", "route_id", "iso3", "name", "year", "period", "indicator", "label", "value", "unit", "qualifier",
           "confidence", "coverage", "source_id", "publisher", "title", "url", "licence", "caveat"]


def view_rows(prep: Prepared, view: View, added: AddedFigures = NONE) -> pd.DataFrame:
    """Every figure row behind the view, joined to its indicator text and its source."""
    lang = view.lang
    b = prep.bundle
    routes = b.route_year[b.route_year["route_id"].isin(view.routes)].assign(table="route_year", iso3="")
    routes["name"] = routes["route_id"].map(lambda r: prep.route_name(r, lang))

    cy = b.country_year
    on_map = cy[(cy["indicator"] == view.indicator) & (cy["year"] == view.year)]
    if view.countries:
        on_map = on_map[on_map["iso3"].isin(view.countries)]
    series = cy[cy["indicator"].isin(["syr_refugees_hosted"]) | ((cy["iso3"] == "UKR") & cy["indicator"].isin(
        ["idps", "refugees_from_ukr"]))]
    if view.countries:
        series = series[series["iso3"].isin(view.countries)]
    countries = pd.concat([on_map, series]).drop_duplicates(["iso3", "year", "indicator"])
    countries = countries.assign(table="country_year", route_id="")
    countries["name"] = countries["iso3"].map(lambda c: prep.country_name(c, lang))

    members = set().union(*(prep.route_countries[r] for r in view.routes)) if view.routes else set()
    tiers = b.tip_tiers[(b.tip_tiers["report_year"] == view.year) & b.tip_tiers["iso3"].isin(members)]
    tiers = tiers.rename(columns={"report_year": "year", "tier": "value"}).assign(
        table="tip_tiers", route_id="", indicator="tip_tier", period="report year")
    tiers["name"] = tiers["iso3"].map(lambda c: prep.country_name(c, lang))

    frames = [routes, countries, tiers, _risk_rows(prep, view), _headline_rows(prep)]
    extra = _added_rows(prep, view, added)
    rows = pd.concat([f for f in frames if not f.empty], ignore_index=True)
    texts = prep.indicator_texts.get(lang, prep.indicator_texts["en"])
    known = rows["indicator"].isin(list(texts))
    for column in ("label", "unit", "caveat"):
        from_text = rows["indicator"].map(lambda k, c=column: getattr(texts[k], c) if k in texts else "")
        rows[column] = from_text.where(known, rows.get(column, pd.Series("", index=rows.index)))
    sources = b.sources.set_index("source_id")
    for column in ("publisher", "title", "url", "licence"):
        rows[column] = rows["source_id"].map(sources[column]).fillna("")
    rows["caveat"] = rows["caveat"].where(rows["caveat"] != "", rows["source_id"].map(sources["caveat"]).fillna(""))
    # "more than", "about", "preliminary": how the source words the number, so a reader does not take it as exact.
    rows["qualifier"] = rows["confidence"].map(lambda c: qualifier_words(c, lang))
    rows = pd.concat([rows, extra], ignore_index=True) if len(extra) else rows
    return rows.reindex(columns=COLUMNS).fillna("")


def to_csv(prep: Prepared, view: View, link: str, today: date | None = None, added: AddedFigures = NONE) -> str:
    """The CSV text: a `#` comment block (title, link, date, sources and licences), then the rows."""
    rows = view_rows(prep, view, added).map(neutralise)
    used = prep.bundle.sources[prep.bundle.sources["source_id"].isin(rows["source_id"])]
    lines = [
        "# Migration routes and trafficking risk: the figures behind one view",
        f"# View: {link}",
        f"# Exported: {(today or date.today()).isoformat()}",
        "# Frontex counts detections, not people; IOM dead and missing are minimum estimates; "
        "route risk is an analytic composite, not an official figure. Do not add up different measures.",
        "# Sources:",
        *[f"#   [{s.source_id}] {s.publisher}, {s.title}. {s.url} (figures: {s.refers_to}; licence: {s.licence})"
          for s in used.itertuples()],
        *[f"#   [{f.origin}_{i + 1}] {t(f'added.publisher.{f.origin}')}: {f.name}"
          for i, f in enumerate(added.files) if f.accepted],
    ]
    out = io.StringIO()
    out.write("\n".join(line.replace("\n", " ") for line in lines) + "\n")
    rows.to_csv(out, index=False, lineterminator="\n")
    return out.getvalue()


def filename(prep: Prepared, view: View) -> str:
    """A short, safe file name that says which view it holds."""
    routes = "all-routes" if set(view.routes) == set(prep.options.routes) else "-".join(view.routes)[:60] or "none"
    return f"migration-routes_{view.year}_{view.indicator}_{routes}.csv"


def link_for(public_url: str, prep: Prepared, view: View) -> str:
    """The shareable link of a view under the configured public address, or relative ("/?...") without one."""
    return f"{public_url.rstrip('/')}/?{to_query(view, prep.options)}"


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
    if view.countries:
        country &= rows["key"].isin(view.countries)
    rows = rows[route | country]
    is_route = rows["scope"] == "route"
    name = [prep.route_name(k, view.lang) if r else prep.country_name(k, view.lang)
            for k, r in zip(rows["key"], is_route)]
    return pd.DataFrame({
        "table": "added_figures", "route_id": rows["key"].where(is_route, ""),
        "iso3": rows["key"].where(~is_route, ""), "name": name, "year": rows["year"], "period": rows["period"],
        "indicator": rows["indicator"],
        "label": [f"{i} — {t(f'added.{o}', view.lang)}" for i, o in zip(rows["indicator"], rows["origin"])],
        "value": rows["value"], "unit": "", "confidence": "not checked", "source_id": rows["file_id"],
        "publisher": [t(f"added.publisher.{o}", view.lang) for o in rows["origin"]], "title": rows["file"],
        "url": "", "licence": "", "caveat": rows["note"],
    })


def _risk_rows(prep: Prepared, view: View) -> pd.DataFrame:
    risk = composite(prep.risk, view.year, view.weights)
    risk = risk[risk.index.isin(view.routes) & risk["score"].notna()]
    weights = ",".join(f"{n}={w}" for n, w in zip(WEIGHT_NAMES, view.weights))
    covered = ["; ".join(f"{n}: {coverage(prep.risk, r, view.year, n, view.lang)}" for n in WEIGHT_NAMES)
               for r in risk.index]
    return pd.DataFrame({
        "coverage": covered,
        "table": "route_risk", "route_id": risk.index, "iso3": "",
        "name": [prep.route_name(r, view.lang) for r in risk.index], "year": view.year,
        "period": f"weights {weights}", "indicator": "route_risk", "value": risk["score"].round(1).to_numpy(),
        "confidence": "analytic composite", "source_id": "",
    })


def _headline_rows(prep: Prepared) -> pd.DataFrame:
    h = prep.bundle.headlines
    return pd.DataFrame({
        "table": "headlines", "route_id": "", "iso3": "", "name": h["official_wording"],
        "year": [int(d[:4]) for d in h["as_of"]], "period": h["period"], "indicator": h["headline_id"],
        "label": h["official_wording"], "unit": h["unit"], "caveat": h["note"].fillna(""),
        "value": h["value"], "confidence": h["confidence"], "source_id": h["source_id"],
    })
