"""Message ids the code builds at run time (``t(f"tier.{k}")``, ids held in tables), listed so that
``pybabel extract`` finds them. A key used only through a computed name belongs here; the catalogue test fails
on a key the catalogues hold that extraction does not find."""

from __future__ import annotations

from core.text import N_

MESSAGE_KEYS = (
    N_("added.image"), N_("added.link"), N_("added.operator"), N_("added.publisher.link"),
    N_("added.publisher.operator"), N_("added.publisher.visitor"), N_("added.visitor"),
    N_("axis.rate"), N_("axis.year"),
    N_("chart.deaths"), N_("chart.detections"), N_("chart.detections.note"), N_("chart.syria"),
    N_("countries"),
    N_("coverage.governance.counted"), N_("coverage.governance.partial_list"), N_("coverage.governance.too_few"),
    N_("coverage.of"), N_("coverage.route_total"), N_("coverage.same_route_and_year"),
    N_("describe.link"), N_("describe.sources"),
    N_("headline.as_of"), N_("headline.latest"),
    N_("hover.volume"),
    N_("indicator"),
    N_("language.name"),
    N_("layer"), N_("layer.med"), N_("layer.risk"), N_("layer.syria"), N_("layer.ukraine"),
    N_("link.cut.countries"), N_("link.cut.countries.all"), N_("link.cut.routes"), N_("link.cut.routes.all"),
    N_("link.lang"), N_("link.mode"), N_("link.unknown.countries"), N_("link.unknown.countries.all"),
    N_("link.unknown.routes"), N_("link.unknown.routes.all"),
    N_("pause"),
    N_("period.calendar year"), N_("period.end of year"), N_("period.mid-2024"),
    N_("qualifier.about"), N_("qualifier.almost"), N_("qualifier.at_least"), N_("qualifier.more_than"),
    N_("risk.coverage"), N_("risk.inputs"),
    N_("route.short.albania_greece"), N_("route.short.black_sea"), N_("route.short.central_med"),
    N_("route.short.eastern_land"), N_("route.short.eastern_med"), N_("route.short.syria_neighbours"),
    N_("route.short.ukraine_displacement"), N_("route.short.western_african"), N_("route.short.western_balkans"),
    N_("route.short.western_med"),
    N_("routes"),
    N_("scene"),
    N_("selection"),
    N_("series.idps"), N_("series.refugees_from_ukr"),
    N_("tier.1"), N_("tier.2"), N_("tier.2WL"), N_("tier.3"), N_("tier.special"),
    N_("weight.exploitation"), N_("weight.governance"), N_("weight.lethality"), N_("weight.volume"),
    N_("year"),
)
