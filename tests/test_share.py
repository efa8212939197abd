"""Sharing and exporting exactly what the reader sees: the CSV is the union of the rows the map and the charts draw,
the per-view machine URLs (`/view.csv`, `/view.png`, `/view.json`), link previews, the embed mode, and the link
notice that knows what it is about."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import math
import re
import struct
import time
from html.parser import HTMLParser

import pandas as pd
import pytest
from dash import no_update

from answers.figures import CHART_BUILDERS
from answers.view import view_answer
from app import create_app
from core.advance import NATIONALITY_PREFIX
from core.export import COLUMNS, to_csv, view_rows
from core.served import serve
from core.text import t
from core.view import parse
from figures.map import map_figure
from layouts import ids
from layouts.charts import CHARTS

VIEWS = ["year=2016&routes=central_med&country=ITA",
         "months=2016-03..2016-10&routes=central_med,eastern_med&nationality=ERI",
         "year=2016&routes=central_med&indicator=tip_tier&lang=ru",
         "year=2022&routes=all&indicator=route_risk&weights=1,5,2,0", "year=2015&routes=none&indicator=idps",
         "year=2019&routes=eastern_med,western_balkans,syria_neighbours&indicator=syr_refugees_hosted&country=TUR"]


@pytest.fixture(scope="module")
def served(bundle):
    return serve(bundle, None, method_md={})


@pytest.fixture(scope="module")
def client():
    return create_app().server.test_client()


def drawn(prep, query: str) -> set[tuple]:
    """Every figure the map and the charts draw for a view, as (what, key, year, value), read from the figures."""
    view = parse(query, prep.options)[0]
    out: set[tuple] = set()
    fig = map_figure(prep, view, "/geo")
    choropleth = fig["data"][0]
    out |= {("map", iso, view.year) for iso, z in zip(choropleth["locations"], choropleth["z"]) if z > 0}
    for trace in fig["data"]:
        if trace["type"] == "scattergeo" and trace["name"] in prep.options.routes:
            rid = trace["name"]
            if (rid, view.year) in prep.volumes.index:  # a line wider than the base width carries a volume
                out.add(("width", rid, view.year))
    charts = {graph: CHART_BUILDERS[graph](prep, view) for graph in CHART_BUILDERS}
    for graph, chart in charts.items():
        for trace in chart["data"]:
            if graph == ids.CHART_NATIONALITIES and trace.get("xaxis") == "x2":  # UNODC's victims beside them
                out |= {("found", str(c).removeprefix(NATIONALITY_PREFIX), round(float(x), 2))
                        for c, x in zip(trace["customdata"], trace["x"]) if x is not None}
                continue
            if graph in (ids.CHART_NATIONALITIES, ids.CHART_CROSSINGS):  # bars: the value on x, the key in customdata
                out |= {(graph, str(c).removeprefix(NATIONALITY_PREFIX), round(float(x), 2))
                        for c, x in zip(trace["customdata"], trace["x"]) if x is not None}
                continue
            if graph == ids.CHART_ASYLUM:
                out |= {(graph, c, trace["legendgroup"], round(float(x), 2))
                        for c, x in zip(trace["customdata"], trace["x"]) if x is not None}
                continue
            if graph == ids.CHART_RISK:
                if trace["type"] == "bar":
                    out |= {("risk", rid, round(x, 1)) for rid, x in zip(trace["customdata"], trace["x"])
                            if x is not None and not math.isnan(x)}
                continue
            axis = "rate" if trace.get("yaxis") == "y2" else graph
            series = {t(f"series.{i}", view.lang): i for i in ("idps", "refugees_from_ukr")}
            key = series[trace["name"]] if graph == ids.CHART_UKRAINE else None
            for c, x, y in zip(trace["customdata"], trace["x"], trace["y"]):
                if y is not None:
                    out.add((axis, key or c, x, round(float(y), 2)))
    return out


def exported(prep, query: str) -> set[tuple]:
    """The same figures as the view's CSV lists them."""
    view = parse(query, prep.options)[0]
    text = to_csv(prep, view, "/?" + query)
    rows = pd.read_csv(io.StringIO(text), comment="#", keep_default_na=False, dtype=str)
    assert list(rows.columns) == [t(f"export.column.{c}", view.lang) for c in COLUMNS]
    rows.columns = COLUMNS  # the header is in the view's language; the columns are the same in every language
    out: set[tuple] = set()
    on_map = t("map.shown", view.lang)
    # Who is found: a bar per citizenship adds the cells of every arrival and transit country, censored ones as 0.
    code = {prep.country_name(c, view.lang): c for c in prep.options.countries} | {
        prep.country_name(c, view.lang): c for c in prep.bundle.route_nationality["nationality"].unique()}
    found = rows[rows["table"] == "unodc_victims_citizenship"]
    citizenship = found["coverage"].str.split(";").str[0].str.split(": ", n=1).str[1].map(code)
    for c, values in found["value"].groupby(citizenship):
        out.add(("found", c, round(sum(float(v) for v in values if v != ""), 2)))
    for r in rows.itertuples():
        if r.table == "route_nationality":
            out.add((ids.CHART_NATIONALITIES, r.iso3, round(float(r.value), 2)))
        elif r.table == "nationality_route":
            out.add((ids.CHART_CROSSINGS, r.route_id, round(float(r.value), 2)))
        elif r.table == "unhcr_asylum_origin" and r.indicator in ("refugee", "asylum_seeker"):
            out.add((ids.CHART_ASYLUM, r.iso3, r.indicator, round(float(r.value), 2)))
        elif r.table == "route_month":
            out.add((ids.CHART_DETECTIONS, r.route_id, r.period, round(float(r.value), 2)))
        if r.table in ("route_nationality", "nationality_route", "route_month", "incidents",
                       "unodc_victims_citizenship") or (
                r.table == "unhcr_asylum_origin" and r.indicator in ("refugee", "asylum_seeker")):
            continue
        year, shown = int(r.year), r.shown_in.replace(on_map, "map")
        if r.table in ("country_year", "tip_tiers", "country_route_risk") and "map" in shown:
            out.add(("map", r.iso3, year))
        if r.table == "route_volume":
            out.add(("width", r.route_id, year))
        if r.table == "route_risk_input":
            out.add(("risk", r.route_id, round(float(r.value), 1)))
        if r.table == "route_year":  # the chart is the one whose title the row's `shown_in` names
            for graph in (c.graph_id for c in CHARTS if t(c.title, view.lang) in shown.split("; ")):
                out.add((graph, r.route_id, year, round(float(r.value), 2)))
        if r.table == "route_rate":
            out.add(("rate", r.route_id, year, round(float(r.value), 2)))
        if r.table == "unhcr_asylum_origin" and r.indicator == "syr_refugees_hosted":  # the Syria chart's lines
            out.add((ids.CHART_SYRIA, r.iso3, year, round(float(r.value), 2)))
        if r.table == "unhcr_asylum_origin" and r.indicator == "refugees_from_ukr":  # the Ukraine chart's line
            out.add((ids.CHART_UKRAINE, r.indicator, year, round(float(r.value), 2)))
        if r.table == "country_year" and r.indicator == "syr_refugees_hosted" and "map" not in shown.split(";")[0]:
            out.add((ids.CHART_SYRIA, r.iso3, year, round(float(r.value), 2)))
        if r.table == "country_year" and r.indicator == "syr_refugees_hosted" and len(shown.split(";")) > 1:
            out.add((ids.CHART_SYRIA, r.iso3, year, round(float(r.value), 2)))
        if r.table == "country_year" and r.iso3 == "UKR" and r.indicator in ("idps", "refugees_from_ukr") \
                and any(s.strip().startswith(("Ukraine", "Украина")) for s in shown.split(";")):
            out.add((ids.CHART_UKRAINE, r.indicator, year, round(float(r.value), 2)))
    return out


@pytest.mark.parametrize("query", VIEWS)
def test_the_csv_is_the_union_of_what_the_map_and_charts_draw(prep, query) -> None:
    assert exported(prep, query) == drawn(prep, query)


def test_every_csv_row_names_its_source_and_risk_rows_name_the_method_and_inputs(prep) -> None:
    view = parse("year=2016&routes=central_med&country=ITA", prep.options)[0]
    rows = view_rows(prep, view)
    assert (rows["source_id"] != "").all() and (rows["publisher"] != "").all() and (rows["url"] != "").all()
    risk = rows[rows["table"] == "route_risk_input"]
    assert sorted(risk["indicator"]) == ["risk_input.exploitation", "risk_input.governance", "risk_input.lethality",
                                         "risk_input.volume"]
    total = rows[(rows["table"] == "route_risk") & (rows["route_id"] == "central_med")].iloc[0]
    assert abs(risk["value"].astype(float).sum() - float(total["value"])) < 0.3  # contributions add up
    assert total["source_id"].startswith("risk_method; ") and "iom_mmp" in total["source_id"]
    # The governance input names the reports of the tiers its mean counts (2016; not Libya's special case, 2017).
    assert risk.loc[risk["indicator"] == "risk_input.governance", "source_id"].iloc[0] == (
        "risk_method; us_tip_report_2016")
    assert "highest of the selected routes" not in total["label"]
    syria = rows[(rows["table"] == "unhcr_asylum_origin") & (rows["indicator"] == "syr_refugees_hosted")]
    ukraine = rows[(rows["iso3"] == "UKR") & rows["indicator"].isin(["idps", "refugees_from_ukr"])]
    assert syria["iso3"].nunique() == 5 and len(syria) >= 60 and len(ukraine) >= 20  # on screen, Italy selected
    assert set(rows.loc[rows["iso3"] == "ITA", "selected"]) == {"yes"}


def test_the_button_and_view_csv_give_the_same_rows(client, served) -> None:
    query = "year=2016&routes=central_med&indicator=sea_arrivals&country=ITA&weights=3,3,2,2"
    from answers.pages import csv_download
    button = csv_download(served, {"query": query}, served.added())["content"]
    answer = client.get(f"/view.csv?{query}")
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    assert answer.get_data(as_text=True) == button
    assert "migration-routes_2016_sea_arrivals_central_med.csv" in answer.headers["Content-Disposition"]


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_view_png_is_a_wide_png_drawn_offline_and_cached(client) -> None:
    query = "year=2017&routes=eastern_med&indicator=tip_tier&lang=ru"
    start = time.perf_counter()
    first = client.get(f"/view.png?{query}")
    cold = time.perf_counter() - start
    start = time.perf_counter()
    again = client.get(f"/view.png?{query}")
    cached = time.perf_counter() - start
    assert first.status_code == 200 and first.mimetype == "image/png"
    width, height = png_size(first.data)
    assert width >= 1200 and height >= 600
    assert again.data == first.data and cached < cold / 5
    # Another spelling of the same view is the same cached picture.
    assert client.get("/view.png?LANG=ru&year=2017&routes=Eastern_Med&indicator=tip_tier&weights=3,3,2,2).").data \
        == first.data


@pytest.mark.parametrize("query", ["year=99999&routes=%3Cscript%3E", "%FF%FE=%E0", "&amp;amp;", "x" * 5000,
                                   "routes=" + ",".join(["central_med"] * 400), "center=nan,nan&zoom=inf"])
@pytest.mark.parametrize("path", ["/view.csv", "/view.json", "/view.png"])
def test_bad_queries_get_the_forgiving_view_never_an_error(client, path, query) -> None:
    answer = client.get(f"{path}?{query}")
    assert answer.status_code == 200
    assert answer.headers["Content-Security-Policy"] and answer.headers["X-Content-Type-Options"] == "nosniff"


def test_view_json_gives_title_period_sources_citation_and_what_it_ignored(client) -> None:
    body = client.get("/view.json?year=2016&lang=ru&ROUTES=central_med,eastern_m").get_json()
    assert body["title"] == "2016 · Центральное Средиземноморье · Прибытия морем (УВКБ ООН)"
    assert body["period"]["year"] == 2016 and body["query"].startswith("year=2016&routes=central_med&")
    assert {"frontex_ibc_2025_06", "iom_mmp_2025_06"} <= {s["source_id"] for s in body["sources"]}
    assert all(s["url"].startswith("http") for s in body["sources"])
    assert body["link"] in body["citation"] and "Frontex" in body["citation"]
    assert body["problems"] == ["Ссылка обрезана: показан только маршрут «Центральное Средиземноморье»."]
    assert body["png"].startswith("/view.png?year=2016")


class Metas(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.metas: dict[str, str] = {}
        self.lang = ""

    def handle_starttag(self, tag, attrs) -> None:
        a = dict(attrs)
        if tag == "meta" and "content" in a:
            self.metas[a.get("property") or a.get("name") or ""] = a["content"]
        if tag == "html":
            self.lang = a.get("lang", "")


def test_a_views_page_carries_its_preview_in_its_language_escaped(client) -> None:
    page = client.get("/?year=2016&routes=central_med&country=ITA&lang=ru&x=%22%3E%3Cscript%3Ealert(1)%3C/script%3E")
    html = page.get_data(as_text=True)
    metas = Metas()
    metas.feed(html)
    assert metas.lang == "ru"
    assert metas.metas["og:title"].startswith("2016 · Центральное Средиземноморье · Прибытия морем (УВКБ ООН)")
    assert "Италия" in metas.metas["og:description"] and "УВКБ ООН" in metas.metas["og:description"]
    assert metas.metas["og:image"] == (
        "/view.png?year=2016&routes=central_med&indicator=sea_arrivals&country=ITA&weights=3,3,2,2&lang=ru")
    assert metas.metas["twitter:card"] == "summary_large_image"
    assert "<script>alert" not in html
    # The page's inline scripts are unchanged, so the policy's hashes still allow exactly them.
    policy = page.headers["Content-Security-Policy"]
    runs = re.sub(r"<!--.*?-->", "", html, flags=re.S)
    inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>", runs, re.S)
    assert inline and all(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" in policy
                          for s in inline)


def test_previews_and_links_use_the_public_url_never_the_host_header(monkeypatch) -> None:
    monkeypatch.setenv("PUBLIC_URL", "https://routes.example.org")
    client = create_app().server.test_client()
    page = client.get("/?year=2016", headers={"Host": "evil.example.com"}).get_data(as_text=True)
    metas = Metas()
    metas.feed(page)
    assert metas.metas["og:image"].startswith("https://routes.example.org/view.png?year=2016")
    assert metas.metas["og:url"].startswith("https://routes.example.org/?year=2016")
    assert "evil.example.com" not in page
    body = client.get("/view.json?year=2016", headers={"Host": "evil.example.com"}).get_json()
    assert body["link"].startswith("https://routes.example.org/?year=2016")


def test_embed_mode_is_a_link_and_frames_follow_frame_ancestors(monkeypatch, served) -> None:
    view, problems = parse("year=2016&mode=embed", served.prep.options)
    assert view.mode == "embed" and problems == []
    answer = view_answer(served, None, {"events": [{"seq": 1, "kind": "link", "value": "?year=2016&mode=embed"}]})
    assert answer["view"]["embed"].endswith("&mode=embed") and "mode=" not in answer["view"]["full"]
    assert answer["view"]["mode"] == "embed"
    monkeypatch.setenv("FRAME_ANCESTORS", "'self' https://conference.example.org")
    page = create_app().server.test_client().get("/?year=2016&mode=embed")
    assert "frame-ancestors 'self' https://conference.example.org" in page.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in page.headers


def events(*items) -> dict:
    return {"events": [dict(seq=i + 1, **item) for i, item in enumerate(items)]}


def test_the_notice_goes_once_the_reader_changes_what_it_was_about(served) -> None:
    link = {"kind": "link", "value": "?year=2016&zoom=abc&routes=central_med,eastern_m"}
    first = view_answer(served, None, events(link))
    assert first["notice_hidden"] is False
    said = [li.children for li in first["notice"][1].children]
    assert said == ["The map zoom in the link ('abc') could not be used: showing the whole region.",
                    "The link was cut: showing Central Mediterranean only."]
    assert first["view"]["notice"]["open"] == ["routes", "zoom"]
    # The year changes: nothing the notice says is about the year, so it stays as it is.
    later = view_answer(served, first["view"], events(link, {"kind": "control", "name": "year", "value": 2018}))
    assert later["notice"] is no_update and later["notice_hidden"] is no_update
    # The routes change: that problem goes; the zoom one stays, and a closed notice stays closed.
    routes = {"kind": "control", "name": "routes", "value": ["eastern_med"]}
    after = view_answer(served, later["view"], events(link, {"kind": "tick"}, routes))
    assert [li.children for li in after["notice"][1].children] == [said[0]]
    assert after["notice_hidden"] is no_update and after["view"]["notice"]["open"] == ["zoom"]
    # In Russian, what is left is said in Russian.
    ru = view_answer(served, after["view"], events(link, {"kind": "tick"}, routes, {"kind": "lang", "value": "ru"}))
    assert ru["notice"][1].children[0].children.startswith("Масштаб карты в ссылке")
    # The map moves: nothing is left, the notice hides.
    moved = {"kind": "map_moved", "value": {"geo.projection.scale": 2}}
    gone = view_answer(served, ru["view"], events(link, {"kind": "tick"}, routes, {"kind": "lang", "value": "ru"},
                                                   moved))
    assert gone["notice_hidden"] is True and gone["view"]["notice"] is None


def test_a_tampered_notice_store_is_ignored(served) -> None:
    stored = {"query": "year=2016", "seq": 0, "notice": {"link": 5, "open": ["<b>"]}}
    answer = view_answer(served, stored, events({"kind": "tick"}))
    assert answer["notice"] is no_update and answer["view"]["notice"] is None
    json.dumps(answer["view"])
