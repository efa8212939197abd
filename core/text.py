"""The interface's words in English and Russian, and number formatting per language.

Layouts and figures take every label from here (`t(key, lang)`), so the two languages cannot drift apart;
a test checks that both catalogues have the same keys.
"""

from __future__ import annotations

import math

LANG_NAMES = {"en": "English", "ru": "Русский"}
LANGS = tuple(LANG_NAMES)
# plotly's layout.separators: decimal point then thousands separator.
SEPARATORS = {"en": ".,", "ru": ", "}

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "Migration routes and trafficking risk",
        "subtitle": "UNHCR, Frontex, IOM and US TIP Report figures joined route by route. Works offline.",
        "scene": "Scene",
        "scene.placeholder": "Pick a prepared view",
        "layer": "Layer",
        "layer.med": "Mediterranean routes",
        "layer.syria": "Syria's neighbours",
        "layer.ukraine": "Ukraine",
        "layer.risk": "Trafficking risk",
        "indicator": "Colour countries by",
        "routes": "Routes",
        "year": "Year",
        "countries": "Countries",
        "countries.placeholder": "Click the map or pick countries",
        "clear": "Clear selection",
        "play": "Play years",
        "pause": "Pause",
        "weights": "Risk weights",
        "weight.volume": "Volume",
        "weight.lethality": "Lethality",
        "weight.governance": "Governance (TIP tiers)",
        "weight.exploitation": "Exploitation survey",
        "copy_link": "Copy link",
        "present": "Presenter mode",
        "explore": "Leave presenter mode",
        "disclaimer": (
            "Boundaries shown do not imply official endorsement or acceptance. They follow the UN position: Crimea "
            "is part of Ukraine (UN General Assembly resolution 68/262), shown with a dashed outline as territory "
            "occupied by the Russian Federation. Western Sahara is shown as a territory of its own, as on the UN list "
            "of non-self-governing territories; its line with Morocco is dashed because it is not a recognised "
            "international boundary. Kosovo is shown as in the source data (UN Security Council resolution 1244)."
        ),
        "headlines": "The figures behind the 2015 Alliance conference",
        "headline.as_of": "as of",
        "headline.seed": "Speech",
        "headline.source": "Source",
        "year_cards": "Selected year",
        "no_data": "no data",
        "no_data_for": "No data for {what}",
        "selection.all_routes": "All routes",
        "selection.none": "No route selected",
        "selection": "Selection",
        "notice.link": "About the link you opened:",
        "notice.close": "Close",
        "embed": "Embed",
        "method.publisher": "This dashboard's route-risk method (analytic composite, not an official figure)",
        "describe.figure": "{label}, {place}, {when}: {value}. Source: {source}.",
        "describe.none": "{title}: no figure for this view.",
        "describe.citation": "Migration routes and trafficking risk (dashboard), view \"{title}\". {link}. Figures "
        "from {publishers}. Accessed {accessed}.",
        "describe.sources": "Sources",
        "describe.link": "This view",
        "map.shown": "map (country colours)",
        "risk.score": "Route-risk score of the route (0-100)",
        "map.width": "map (route line width)",
        "map.colour": "map (route line colour)",
        "risk.contribution": "{input}: points it adds to the route-risk score",
        "embed.help": "Paste this into a web page to show this view (map and key figures) in a frame:",
        "embed.full": "Open the full view",
        "embed.title": "Migration routes and trafficking risk: {title}",
        "link.undecodable": "The link could not be read (it may have been cut or re-encoded); showing the "
        "starting view.",
        "link.unknown": "The link has a part this page does not use ({value}); it was left out.",
        "link.repeated": "The link gives '{name}' more than once; the first one is used.",
        "link.too_long": "The '{name}' part of the link is far too long and was left out.",
        "link.year.unreadable": "The year in the link ({value}) could not be read; showing {year}.",
        "link.year.range": "The link asks for the year {value}, but the figures run from {first} to {last}; "
        "showing {year}.",
        "link.cut.routes": "The link was cut: showing {shown} only.",
        "link.cut.countries": "The link was cut: selecting {shown} only.",
        "link.cut.routes.all": "The link was cut inside the list of routes: showing all routes.",
        "link.cut.countries.all": "The link was cut inside the list of countries: no country is selected.",
        "link.unknown.routes": "The link names routes this page does not know ({dropped}): showing {shown} only.",
        "link.unknown.countries": "The link names country codes this page does not know ({dropped}): selecting "
        "{shown} only.",
        "link.unknown.routes.all": "The link names no route this page knows ({dropped}): showing all routes.",
        "link.unknown.countries.all": "The link names no country this page knows ({dropped}): no country is "
        "selected.",
        "link.indicator": "The link asks to colour the map by something this page does not have ({value}): "
        "showing {shown}.",
        "link.weights": "The risk weights in the link ({value}) could not be used (four whole numbers from 0 to "
        "10, not all 0): using {weights}.",
        "link.lang": "The link asks for a language this page does not have ({value}): showing English.",
        "link.mode": "The link asks for a mode this page does not have ({value}): showing the usual view.",
        "link.scene": "The link names a scene this page does not have ({value}): showing the usual view.",
        "link.center": "The map position in the link ({value}) could not be used: showing the whole region.",
        "link.zoom": "The map zoom in the link ({value}) could not be used: showing the whole region.",
        "notice.error": "Something went wrong; the last good view is kept.",
        "chart.detections": "Detections of illegal border crossing per route (Frontex)",
        "chart.detections.note": "Detections, not people: one person can be detected more than once.",
        "chart.deaths": "Dead and missing per route (IOM Missing Migrants Project)",
        "chart.deaths.rate": "Dead and missing per 1,000 detections",
        "chart.deaths.note": "Minimum estimates. The rate divides IOM counts by Frontex detections on the same route.",
        "chart.syria": "Registered Syrian refugees by host country (UNHCR)",
        "chart.ukraine": "Ukraine: internally displaced and refugees abroad (UNHCR)",
        "chart.risk": "Route risk and what drives it",
        "chart.risk.note": "An analytic composite of sourced inputs, not an official figure. Missing inputs are "
        "left out, never counted as zero.",
        "axis.year": "Year",
        "axis.detections": "Detections",
        "axis.people": "People",
        "axis.rate": "Per 1,000 detections",
        "axis.score": "Risk score (0-100)",
        "series.idps": "Internally displaced in Ukraine",
        "series.refugees_from_ukr": "Refugees from Ukraine, all host countries",
        "series.apart": "Later count, another measure or date (not joined to the line)",
        "sources.caveat.detections": "Frontex counts detections of illegal border-crossing, not people: one person "
                                     "can be detected more than once.",
        "sources.caveat.asylum": "Stocks at the end of each year; 2024 is the mid-2024 figure. Refugees and "
                                 "asylum-seekers are shown apart, never added together.",
        "chart.syria.note": "Lines: UNHCR Refugee Data Finder, refugees by country of asylum and origin (end of year; "
                            "2024: mid-year). Open diamonds: later counts from other sources (registrations, a "
                            "government count), a different measure, never joined to the lines.",
        "chart.ukraine.note": "Refugees abroad: the sum over every country of asylum in UNHCR's asylum and origin "
                              "table (end of year; 2024: mid-year). Internally displaced: UNHCR's own rows. Two "
                              "measures, never added together.",
        "risk.missing": "missing",
        "coverage.missing": "no data",
        "coverage.route_total": "route total",
        "coverage.same_route_and_year": "deaths and detections of the same route and year",
        "coverage.of": "of",
        "coverage.governance.counted": "tiers for {countries} countries",
        "coverage.governance.too_few": "not counted: tiers for only {countries} countries (needs at least half)",
        "coverage.governance.partial_list": "not counted: that year's tier list holds only Tier 1 and Tier 2 "
        "countries ({countries} with a tier)",
        "coverage.exploitation": "survey {period}",
        "risk.coverage": "coverage",
        "risk.no_score": "too few inputs",
        "risk.inputs": "inputs",
        "legend.width": (
            "Line width: volume in {year} (detections for Frontex routes). "
            "Dotted grey: too few inputs for a risk score."
        ),
        "legend.risk": "Route risk",
        "legend": "Legend",
        "legend.countries": "Countries",
        "legend.routes": "Routes",
        "legend.colour": "Colour: route-risk score, 0 (low) to 100 (high)",
        "legend.dotted": "Dotted grey: too few inputs for a score",
        "legend.line_width": "Width: volume in {year} (detections for Frontex routes)",
        "legend.faded": "Faded: not selected",
        "legend.points": "Landing and crossing points",
        "controls.open": "Menu and controls",
        "language": "Language",
        "route.short.central_med": "Central Med.",
        "route.short.eastern_med": "Eastern Med.",
        "route.short.western_med": "Western Med.",
        "route.short.western_african": "Western African",
        "route.short.western_balkans": "Western Balkans",
        "route.short.eastern_land": "Eastern borders",
        "route.short.black_sea": "Black Sea",
        "route.short.albania_greece": "Albania–Greece",
        "route.short.syria_neighbours": "Syria → neighbours",
        "route.short.ukraine_displacement": "Ukraine",
        "hover.source": "Source",
        "hover.risk": "Risk score",
        "hover.volume": "Volume",
        "hover.occupied": "Crimea: part of Ukraine, occupied by the Russian Federation since 2014 (UNGA res. 68/262)",
        "hover.western_sahara": "Western Sahara: non-self-governing territory (UN list); the line with Morocco is "
        "not a recognised international boundary",
        "method": "How the route-risk score is built",
        "tier.1": "Tier 1",
        "tier.2": "Tier 2",
        "tier.2WL": "Tier 2 Watch List",
        "tier.3": "Tier 3",
        "tier.special": "Special case",
        "class.lt": "under {b}",
        "class.range": "{a} – {b}",
        "class.ge": "{a} or more",
        "computed_sum": "computed sum of {n} countries",
        "no_total": "no total",
        "no_total.why": "No total: the figures come from {n} different series, which are not added up",
        "no_total.dates": "No total: the figures refer to different dates",
        "headline.latest": "Latest",
        "map.label": "Map of migration routes; click a route or a country to select it.",
        "download_csv": "Download data (CSV)",
        "download_png": "Download image (PNG)",
        "sources": "Sources and method",
        "skip": "Skip to the map",
        "sources.id": "Source id",
        "sources.refers_to": "Figures refer to",
        "sources.published": "Published or data as of",
        "sources.licence": "Licence",
        "sources.via": "Machine-readable copy used",
        "sources.caveat": "Caveat",
        "sources.rows": "Rows it backs",
        "sources.back": "Back to the dashboard",
        "sources.intro": (
            "Every number in the dashboard comes from a row in the shipped data that names one of these sources. "
            "Figures that could not be sourced are absent and shown as \"no data\"; nothing is estimated or "
            "interpolated, and partial years are never shown as years."
        ),
        "sources.confidence": "Confidence labels",
        "sources.confidence.text": (
            "exact: copied from the publisher's document or summed from its file; exact (secondary): the exact "
            "number seen through a third party quoting the publisher; exact (copy not recorded): read from a copy "
            "of the publisher's text whose address was not recorded; approximate: rounded by the publisher (shown "
            "as \"about\") or with unclear coverage; lower bound: the publisher says \"more than\" or \"at least\" "
            "(shown so); preliminary: the publisher says the figure will be revised. Figures seen in one "
            "non-official source only, or where sources disagree, are not shipped."
        ),
        "sources.boundaries": "Boundaries",
        "sources.list": "The {n} sources",
        "table.show": "Show the numbers as a table",
        "download_image": "Each chart's camera button saves it as a PNG image, offline.",
        "user.title": "Your own figures",
        "user.help": (
            "Add route or country figures as a CSV file (UTF-8, at most 512 KB and 10,000 rows), with a header row "
            "like the example. Route files start with route_id, country files with iso3; indicators and codes as "
            "in the dashboard. Rows are checked like the shipped data; bad rows are listed with their line and "
            "column and left out. Your files stay in this browser only: the server keeps nothing, no other visitor "
            "sees them, and they are drawn dashed, marked as yours and not checked."
        ),
        "user.upload": "Add a CSV file",
        "user.saved": "{name}: {n} rows added, shown dashed as your figures (not checked).",
        "user.rejected": "{name} was not added: no row could be used. Nothing was changed.",
        "user.full": "{name} was not added: your figures may hold at most {files} files and {rows} rows together. "
        "Remove some first.",
        "user.rows": "{n} rows in use",
        "user.more": "... and {n} more problems",
        "user.remove": "Remove my figures",
        "user.removed": "Your figures were removed from this browser.",
        "user.link": "Link with my figures",
        "user.link.help": "A link that carries your figures inside it (in the part after #, which is not sent to "
        "any server when opened). Anyone who opens it sees them marked as figures from the link, not checked.",
        "user.link.none": "You have no figures to put in a link.",
        "user.link.too_long": "Your figures are too many for a link (at most {n} characters); share the CSV file "
        "instead.",
        "user.operator": "Figures added by this server's operator",
        "user.from_link": "This link carries figures from whoever shared it: {files} ({n} rows). They are drawn "
        "dashed and are not checked by this project.",
        "user.mine": "Your figures ({n} rows) are shown dashed; they are kept in this browser only.",
        "map.preview": "Map of the selected view (a picture, until the interactive map has loaded)",
        "added.visitor": "your figures, not checked",
        "added.link": "figures from this link, not checked",
        "added.operator": "added by this server's operator, not checked",
        "added.publisher.visitor": "Your own file (not checked by this project)",
        "added.publisher.link": "A file carried by the shared link (not checked by this project)",
        "added.publisher.operator": "This server's operator (not checked by this project)",
        "added.image": "Dashed lines are figures not checked by this project (their files are named in the legend).",
        "qualifier.more_than": "more than {value}",
        "qualifier.about": "about {value}",
        "qualifier.at_least": "at least {value}",
        "qualifier.almost": "almost {value}",
        "qualifier.preliminary": "(preliminary)",
        "period.calendar year": "calendar year",
        "period.end of year": "end of year",
        "period.mid-2024": "mid-2024",
        "link.months.unreadable": "The month range in the link ({value}) could not be read (write it as "
        "2016-01..2016-12): showing years.",
        "link.months.range": "The link asks for months ({value}) outside the monthly figures, which run from {first} "
        "to {last}: showing years.",
        "link.incidents": "The link's setting for the incident layer ({value}) could not be read (on or off): the "
        "layer is off.",
        "link.nationality": "The link names a nationality this page has no figures for ({value}): no nationality "
        "is shown.",
        "grain": "Detections by",
        "grain.years": "year",
        "grain.months": "month",
        "months-from": "From month",
        "months-to": "To month",
        "months.placeholder": "years",
        "incidents": "Where people died",
        "incidents.show": "Incidents on the map (IOM Missing Migrants)",
        "nationality": "Nationality (where it crosses)",
        "nationality.placeholder": "Choose a nationality",
        "axis.month": "Month",
        "chart.nationalities": "Who crosses: nationalities detected on the selected routes (Frontex)",
        "chart.nationalities.note": "Detections, not people: one person can be detected more than once. Click a "
        "nationality to see where it crosses.",
        "chart.nationalities.title": "Top {n} nationalities, {period}",
        "chart.crossings": "Where a nationality crosses: detections by route (Frontex)",
        "chart.crossings.note": "Detections, not people. Choose a nationality, or click one in the chart above.",
        "chart.crossings.none": "Choose a nationality, or click one in the chart above",
        "chart.crossings.title": "{nationality}, {period}",
        "chart.partial_year": "{year}: monthly figures for {period} only; choose months to see them",
        "chart.asylum": "Origin and asylum: whom a country hosts and where its nationals are hosted (UNHCR)",
        "chart.asylum.note": "Refugees and asylum-seekers are shown apart, never added together. Select one country "
        "to see it (Syria while none is selected).",
        "asylum.hosts": "{country} hosts, by origin ({when})",
        "asylum.abroad": "{country}'s nationals, by country of asylum ({when})",
        "group.refugee": "Refugees",
        "group.asylum_seeker": "Asylum-seekers",
        "legend.incidents": "Circles: dead and missing in incidents (IOM Missing Migrants), {period}; area = people",
        "legend.incidents.note": "Each circle is where IOM placed an incident, split and cumulative incidents "
        "included; route totals count by route and year, so the two differ. Minimum estimates.",
        "legend.incidents.cells": "{n} incidents: one circle per 1° cell",
        "incident.dead_missing": "Dead and missing",
        "incident.survivors": "Survivors",
        "incident.cause": "Cause",
        "incident.nationalities": "Nationalities",
        "incident.cell": "{n} incidents, {first} to {last}",
        "incident.unknown": "not recorded",
        "shown.detections_month": "chart: detections by month",
        "shown.nationalities": "chart: who crosses (nationalities)",
        "shown.crossings": "chart: where a nationality crosses",
        "shown.incidents": "map: incidents (IOM Missing Migrants)",
        "shown.asylum": "chart: origin and asylum",
    },
    "ru": {
        "title": "Миграционные маршруты и риск торговли людьми",
        "subtitle": "Данные УВКБ ООН, Frontex, МОМ и доклада США о торговле людьми по каждому маршруту. "
        "Работает без интернета.",
        "scene": "Сцена",
        "scene.placeholder": "Выберите готовый вид",
        "layer": "Слой",
        "layer.med": "Средиземноморские маршруты",
        "layer.syria": "Соседи Сирии",
        "layer.ukraine": "Украина",
        "layer.risk": "Риск торговли людьми",
        "indicator": "Цвет стран",
        "routes": "Маршруты",
        "year": "Год",
        "countries": "Страны",
        "countries.placeholder": "Нажмите на карту или выберите страны",
        "clear": "Сбросить выбор",
        "play": "Проиграть годы",
        "pause": "Пауза",
        "weights": "Веса индекса риска",
        "weight.volume": "Объём",
        "weight.lethality": "Смертность",
        "weight.governance": "Управление (уровни TIP)",
        "weight.exploitation": "Опрос об эксплуатации",
        "copy_link": "Копировать ссылку",
        "present": "Режим презентации",
        "explore": "Выйти из режима презентации",
        "disclaimer": (
            "Границы на карте не означают официального признания. Они следуют позиции ООН: Крым является частью "
            "Украины (резолюция Генеральной Ассамблеи ООН 68/262) и показан пунктиром как территория, "
            "оккупированная Российской Федерацией. Западная Сахара показана отдельной территорией, как в списке "
            "несамоуправляющихся территорий ООН; её линия с Марокко показана пунктиром, так как это не "
            "признанная международная граница. Косово показано как в исходных данных (резолюция Совета "
            "Безопасности ООН 1244)."
        ),
        "headlines": "Цифры конференции Альянса 2015 года",
        "headline.as_of": "на",
        "headline.seed": "Выступление",
        "headline.source": "Источник",
        "year_cards": "Выбранный год",
        "no_data": "нет данных",
        "no_data_for": "Нет данных: {what}",
        "selection.all_routes": "Все маршруты",
        "selection.none": "Маршрут не выбран",
        "selection": "Выбор",
        "notice.link": "О ссылке, которую вы открыли:",
        "notice.close": "Закрыть",
        "embed": "Встроить",
        "method.publisher": "Методика индекса риска этой панели (аналитический индекс, не официальная цифра)",
        "describe.figure": "{label}, {place}, {when}: {value}. Источник: {source}.",
        "describe.none": "{title}: для этого вида нет данных.",
        "describe.citation": "Миграционные маршруты и риск торговли людьми (панель), вид «{title}». {link}. Данные: "
        "{publishers}. Дата обращения: {accessed}.",
        "describe.sources": "Источники",
        "describe.link": "Этот вид",
        "map.shown": "карта (цвет стран)",
        "risk.score": "Индекс риска маршрута (0-100)",
        "map.width": "карта (толщина линии маршрута)",
        "map.colour": "карта (цвет линии маршрута)",
        "risk.contribution": "{input}: вклад в индекс риска маршрута (баллы)",
        "embed.help": "Вставьте этот код в веб-страницу, чтобы показать этот вид (карту и ключевые цифры) во "
        "фрейме:",
        "embed.full": "Открыть полный вид",
        "embed.title": "Миграционные маршруты и риск торговли людьми: {title}",
        "link.undecodable": "Ссылку не удалось прочитать (возможно, она обрезана или перекодирована); показан "
        "начальный вид.",
        "link.unknown": "В ссылке есть часть, которую эта страница не использует ({value}); она пропущена.",
        "link.repeated": "В ссылке «{name}» указан больше одного раза; использован первый.",
        "link.too_long": "Часть ссылки «{name}» слишком длинная и пропущена.",
        "link.year.unreadable": "Год в ссылке ({value}) не удалось прочитать; показан {year} год.",
        "link.year.range": "Ссылка запрашивает {value} год, но данные есть с {first} по {last} год; показан "
        "{year} год.",
        "link.cut.routes": "Ссылка обрезана: показан только маршрут «{shown}».",
        "link.cut.countries": "Ссылка обрезана: выбрано только «{shown}».",
        "link.cut.routes.all": "Ссылка обрезана внутри списка маршрутов: показаны все маршруты.",
        "link.cut.countries.all": "Ссылка обрезана внутри списка стран: страны не выбраны.",
        "link.unknown.routes": "В ссылке есть неизвестные этой странице маршруты ({dropped}): показано только "
        "«{shown}».",
        "link.unknown.countries": "В ссылке есть неизвестные этой странице коды стран ({dropped}): выбрано только "
        "«{shown}».",
        "link.unknown.routes.all": "В ссылке нет ни одного известного маршрута ({dropped}): показаны все "
        "маршруты.",
        "link.unknown.countries.all": "В ссылке нет ни одной известной страны ({dropped}): страны не выбраны.",
        "link.indicator": "Ссылка просит раскрасить карту по показателю, которого здесь нет ({value}): показано "
        "«{shown}».",
        "link.weights": "Веса риска в ссылке ({value}) не подошли (четыре целых числа от 0 до 10, не все нули): "
        "используются {weights}.",
        "link.lang": "Ссылка запрашивает язык, которого здесь нет ({value}): показан английский.",
        "link.mode": "Ссылка запрашивает неизвестный режим ({value}): показан обычный вид.",
        "link.scene": "Ссылка называет сцену, которой здесь нет ({value}): показан обычный вид.",
        "link.center": "Положение карты в ссылке ({value}) не подошло: показан весь регион.",
        "link.zoom": "Масштаб карты в ссылке ({value}) не подошёл: показан весь регион.",
        "notice.error": "Произошла ошибка; показан последний корректный вид.",
        "chart.detections": "Выявленные незаконные пересечения границы по маршрутам (Frontex)",
        "chart.detections.note": "Это случаи выявления, а не люди: одного человека могут выявить несколько раз.",
        "chart.deaths": "Погибшие и пропавшие без вести по маршрутам (МОМ, проект «Пропавшие мигранты»)",
        "chart.deaths.rate": "Погибшие и пропавшие на 1000 выявлений",
        "chart.deaths.note": "Минимальные оценки. Показатель делит данные МОМ на выявления Frontex на том же "
        "маршруте.",
        "chart.syria": "Зарегистрированные сирийские беженцы по принимающим странам (УВКБ ООН)",
        "chart.ukraine": "Украина: внутренне перемещённые лица и беженцы за рубежом (УВКБ ООН)",
        "chart.risk": "Риск на маршруте и его составляющие",
        "chart.risk.note": "Аналитический составной индекс из данных с источниками, а не официальная цифра. "
        "Отсутствующие данные не учитываются и не считаются нулём.",
        "axis.year": "Год",
        "axis.detections": "Выявления",
        "axis.people": "Человек",
        "axis.rate": "На 1000 выявлений",
        "axis.score": "Индекс риска (0-100)",
        "series.idps": "Внутренне перемещённые лица в Украине",
        "series.refugees_from_ukr": "Беженцы из Украины во всех странах",
        "series.apart": "Более поздний подсчёт, другая мера или дата (не соединён с линией)",
        "sources.caveat.detections": "Frontex считает выявленные незаконные пересечения границы, а не людей: один "
                                     "человек может быть выявлен несколько раз.",
        "sources.caveat.asylum": "Численность на конец каждого года; 2024 — данные на середину 2024 года. Беженцы и "
                                 "просители убежища показаны отдельно и никогда не складываются.",
        "chart.syria.note": "Линии: Refugee Data Finder УВКБ ООН, беженцы по стране убежища и происхождения (на конец "
                            "года; 2024: середина года). Пустые ромбы: более поздние подсчёты из других источников "
                            "(регистрация, данные правительства), другая мера, не соединены с линиями.",
        "chart.ukraine.note": "Беженцы за рубежом: сумма по всем странам убежища из таблицы УВКБ ООН по стране "
                              "убежища и происхождения (на конец года; 2024: середина года). Внутренне перемещённые "
                              "лица: собственные данные УВКБ ООН. Две разные меры, никогда не складываются.",
        "risk.missing": "нет данных",
        "coverage.missing": "нет данных",
        "coverage.route_total": "итог по маршруту",
        "coverage.same_route_and_year": "погибшие и выявления на том же маршруте в тот же год",
        "coverage.of": "из",
        "coverage.governance.counted": "уровни для {countries} стран",
        "coverage.governance.too_few": "не учтено: уровни только для {countries} стран (нужна хотя бы половина)",
        "coverage.governance.partial_list": "не учтено: список уровней за этот год содержит только страны "
        "уровней 1 и 2 (уровень есть у {countries})",
        "coverage.exploitation": "опрос {period}",
        "risk.coverage": "охват",
        "risk.no_score": "мало данных",
        "risk.inputs": "компонентов",
        "legend.width": (
            "Толщина линии: объём в {year} г. (выявления для маршрутов Frontex). "
            "Серый пунктир: мало данных для индекса риска."
        ),
        "legend.risk": "Риск маршрута",
        "legend": "Легенда",
        "legend.countries": "Страны",
        "legend.routes": "Маршруты",
        "legend.colour": "Цвет: индекс риска маршрута, от 0 (низкий) до 100 (высокий)",
        "legend.dotted": "Серый пунктир: мало данных для индекса",
        "legend.line_width": "Толщина: объём в {year} г. (выявления для маршрутов Frontex)",
        "legend.faded": "Бледные: не выбраны",
        "legend.points": "Пункты высадки и пересечения",
        "controls.open": "Меню и настройки",
        "language": "Язык",
        "route.short.central_med": "Центр. Средиземн.",
        "route.short.eastern_med": "Вост. Средиземн.",
        "route.short.western_med": "Зап. Средиземн.",
        "route.short.western_african": "Западноафр.",
        "route.short.western_balkans": "Зап. Балканы",
        "route.short.eastern_land": "Вост. границы",
        "route.short.black_sea": "Черное море",
        "route.short.albania_greece": "Албания–Греция",
        "route.short.syria_neighbours": "Сирия → соседи",
        "route.short.ukraine_displacement": "Украина",
        "hover.source": "Источник",
        "hover.risk": "Индекс риска",
        "hover.volume": "Объём",
        "hover.occupied": "Крым: часть Украины, оккупирован Российской Федерацией с 2014 г. (рез. ГА ООН 68/262)",
        "hover.western_sahara": "Западная Сахара: несамоуправляющаяся территория (список ООН); линия с Марокко не "
        "является признанной международной границей",
        "method": "Как рассчитывается индекс риска маршрута",
        "tier.1": "Уровень 1",
        "tier.2": "Уровень 2",
        "tier.2WL": "Уровень 2, список наблюдения",
        "tier.3": "Уровень 3",
        "tier.special": "Особый случай",
        "class.lt": "менее {b}",
        "class.range": "{a} – {b}",
        "class.ge": "{a} и более",
        "computed_sum": "расчётная сумма по {n} странам",
        "no_total": "без итога",
        "no_total.why": "Без итога: цифры взяты из разных рядов ({n}), которые не складываются",
        "no_total.dates": "Без итога: цифры относятся к разным датам",
        "headline.latest": "Последние данные",
        "map.label": "Карта миграционных маршрутов; нажмите на маршрут или страну, чтобы выбрать.",
        "download_csv": "Скачать данные (CSV)",
        "download_png": "Скачать изображение (PNG)",
        "sources": "Источники и методика",
        "skip": "Перейти к карте",
        "sources.id": "Код источника",
        "sources.refers_to": "Период данных",
        "sources.published": "Опубликовано или данные на",
        "sources.licence": "Лицензия",
        "sources.via": "Использованная машиночитаемая копия",
        "sources.caveat": "Оговорка",
        "sources.rows": "Строк данных",
        "sources.back": "Вернуться к панели",
        "sources.intro": (
            "Каждое число на панели взято из строки данных, которая ссылается на один из этих источников. "
            "Данные без источника отсутствуют и показаны как «нет данных»; ничего не оценивается и не "
            "интерполируется, а неполные годы никогда не показываются как годы."
        ),
        "sources.confidence": "Метки достоверности",
        "sources.confidence.text": (
            "exact: скопировано из документа издателя или суммировано из его файла; exact (secondary): точное "
            "число, известное через третью сторону, цитирующую издателя; exact (copy not recorded): прочитано в "
            "копии текста издателя, адрес которой не записан; approximate: округлено издателем (показано как "
            "«около») или с неясным охватом; lower bound: издатель пишет «более» или «не менее» (так и показано); "
            "preliminary: издатель предупреждает, что цифра будет уточнена. Данные только из одного неофициального "
            "источника или из расходящихся источников не используются."
        ),
        "sources.boundaries": "Границы",
        "sources.list": "Источники ({n})",
        "table.show": "Показать числа таблицей",
        "download_image": "Кнопка с камерой на каждом графике сохраняет его как PNG, без интернета.",
        "user.title": "Ваши данные",
        "user.help": (
            "Добавьте данные по маршрутам или странам файлом CSV (UTF-8, не более 512 КБ и 10 000 строк) с "
            "заголовком, как в примере. Файлы маршрутов начинаются с route_id, файлы стран — с iso3; показатели и "
            "коды как на панели. Строки проверяются так же, как поставляемые данные; ошибочные строки "
            "перечисляются с номером строки и столбцом и не используются. Ваши файлы хранятся только в этом "
            "браузере: сервер ничего не сохраняет, другие посетители их не видят, а на графиках они показаны "
            "пунктиром как ваши и непроверенные."
        ),
        "user.upload": "Добавить файл CSV",
        "user.saved": "{name}: добавлено строк: {n}; они показаны пунктиром как ваши данные (не проверены).",
        "user.rejected": "{name} не добавлен: ни одна строка не подошла. Ничего не изменено.",
        "user.full": "{name} не добавлен: ваших данных может быть не более {files} файлов и {rows} строк вместе. "
        "Сначала удалите часть.",
        "user.rows": "используется строк: {n}",
        "user.more": "... и ещё проблем: {n}",
        "user.remove": "Удалить мои данные",
        "user.removed": "Ваши данные удалены из этого браузера.",
        "user.link": "Ссылка с моими данными",
        "user.link.help": "Ссылка, которая несёт ваши данные в себе (в части после #, которая не отправляется на "
        "сервер при открытии). Открывший её увидит их с пометкой «данные из ссылки, не проверены».",
        "user.link.none": "У вас нет данных, которые можно поместить в ссылку.",
        "user.link.too_long": "Ваших данных слишком много для ссылки (не более {n} знаков); поделитесь файлом CSV.",
        "user.operator": "Данные, добавленные оператором этого сервера",
        "user.from_link": "Эта ссылка несёт данные того, кто ею поделился: {files} (строк: {n}). Они показаны "
        "пунктиром и не проверены проектом.",
        "user.mine": "Ваши данные (строк: {n}) показаны пунктиром; они хранятся только в этом браузере.",
        "map.preview": "Карта выбранного вида (изображение, пока загружается интерактивная карта)",
        "added.visitor": "ваши данные, не проверены",
        "added.link": "данные из ссылки, не проверены",
        "added.operator": "добавлено оператором сервера, не проверено",
        "added.publisher.visitor": "Ваш собственный файл (не проверен проектом)",
        "added.publisher.link": "Файл из полученной ссылки (не проверен проектом)",
        "added.publisher.operator": "Оператор этого сервера (не проверено проектом)",
        "added.image": "Пунктир — данные, не проверенные проектом (их файлы названы в легенде).",
        "qualifier.more_than": "более {value}",
        "qualifier.about": "около {value}",
        "qualifier.at_least": "не менее {value}",
        "qualifier.almost": "почти {value}",
        "qualifier.preliminary": "(предварительно)",
        "period.calendar year": "календарный год",
        "period.end of year": "конец года",
        "period.mid-2024": "середина 2024 г.",
        "link.months.unreadable": "Диапазон месяцев в ссылке ({value}) не удалось прочитать (пишите так: "
        "2016-01..2016-12): показаны годы.",
        "link.months.range": "Ссылка запрашивает месяцы ({value}) вне помесячных данных, которые есть с {first} по "
        "{last}: показаны годы.",
        "link.incidents": "Настройку слоя инцидентов в ссылке ({value}) не удалось прочитать (on или off): слой "
        "выключен.",
        "link.nationality": "В ссылке названо гражданство, по которому здесь нет данных ({value}): гражданство не "
        "выбрано.",
        "grain": "Выявления по",
        "grain.years": "годам",
        "grain.months": "месяцам",
        "months-from": "С месяца",
        "months-to": "По месяц",
        "months.placeholder": "годы",
        "incidents": "Где гибли люди",
        "incidents.show": "Инциденты на карте (МОМ, «Пропавшие мигранты»)",
        "nationality": "Гражданство (где пересекают)",
        "nationality.placeholder": "Выберите гражданство",
        "axis.month": "Месяц",
        "chart.nationalities": "Кто пересекает: гражданство выявленных на выбранных маршрутах (Frontex)",
        "chart.nationalities.note": "Это случаи выявления, а не люди: одного человека могут выявить несколько раз. "
        "Нажмите на гражданство, чтобы увидеть, где пересекают его граждане.",
        "chart.nationalities.title": "{n} самых частых гражданств, {period}",
        "chart.crossings": "Где пересекают граждане одной страны: выявления по маршрутам (Frontex)",
        "chart.crossings.note": "Это выявления, а не люди. Выберите гражданство или нажмите на него на графике выше.",
        "chart.crossings.none": "Выберите гражданство или нажмите на него на графике выше",
        "chart.crossings.title": "{nationality} — {period}",
        "chart.partial_year": "{year}: помесячные данные только за {period}; выберите месяцы, чтобы их увидеть",
        "chart.asylum": "Происхождение и убежище: кого принимает страна и где находятся её граждане (УВКБ ООН)",
        "chart.asylum.note": "Беженцы и просители убежища показаны отдельно и никогда не складываются. Выберите "
        "одну страну (пока страна не выбрана, показана Сирия).",
        "asylum.hosts": "{country} принимает, по стране происхождения ({when})",
        "asylum.abroad": "Граждане страны «{country}» по стране убежища ({when})",
        "group.refugee": "Беженцы",
        "group.asylum_seeker": "Просители убежища",
        "legend.incidents": "Круги: погибшие и пропавшие в инцидентах (МОМ, «Пропавшие мигранты»), {period}; "
        "площадь = люди",
        "legend.incidents.note": "Круг стоит там, где МОМ отметила инцидент (включая разделённые и суммарные "
        "инциденты); итоги маршрутов считаются по маршруту и году, поэтому числа различаются. Минимальные оценки.",
        "legend.incidents.cells": "Инцидентов: {n}; один круг на клетку 1°",
        "incident.dead_missing": "Погибшие и пропавшие",
        "incident.survivors": "Выжившие",
        "incident.cause": "Причина",
        "incident.nationalities": "Гражданство",
        "incident.cell": "Инцидентов: {n}, с {first} по {last}",
        "incident.unknown": "не указано",
        "shown.detections_month": "график: выявления по месяцам",
        "shown.nationalities": "график: кто пересекает (гражданство)",
        "shown.crossings": "график: где пересекают граждане одной страны",
        "shown.incidents": "карта: инциденты (МОМ, «Пропавшие мигранты»)",
        "shown.asylum": "график: происхождение и убежище",
    },
}


def t(key: str, lang: str = "en", **values: object) -> str:
    """The text for ``key`` in ``lang`` (English if the language is unknown), with {placeholders} filled."""
    table = TEXT.get(lang, TEXT["en"])
    text = table.get(key) or TEXT["en"][key]
    return text.format(**values) if values else text


def period(value: str, lang: str = "en") -> str:
    """A data row's period in ``lang`` where the catalogue knows it (e.g. "end of year"), else as written."""
    return TEXT.get(lang, TEXT["en"]).get(f"period.{value}", value)


def qualifier(confidence: object) -> str:
    """How a figure's confidence label qualifies its number: "more_than" or "at_least" for a lower bound, "almost"
    or "about" for a figure the publisher rounded, else ""."""
    label = confidence if isinstance(confidence, str) else ""
    if label.startswith("lower bound"):
        return "at_least" if "at least" in label else "more_than"
    if "almost" in label:
        return "almost"
    if "rounded" in label:
        return "about"
    return ""


def fmt_figure(value: float | None, confidence: object, lang: str = "en", decimals: int = 0) -> str:
    """A sourced number as the source words it: "more than 4,013,000", "about 103,000", "66,328 (preliminary)"."""
    text = fmt_number(value, lang, decimals)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return text
    kind = qualifier(confidence)
    if kind:
        text = t(f"qualifier.{kind}", lang, value=text)
    if isinstance(confidence, str) and "preliminary" in confidence:
        text += " " + t("qualifier.preliminary", lang)
    return text


def qualifier_words(confidence: object, lang: str = "en") -> str:
    """The qualifier alone, for hovers and the CSV: "more than", "about", "preliminary", or ""."""
    kind = qualifier(confidence)
    words = [t(f"qualifier.{kind}", lang, value="").strip()] if kind else []
    if isinstance(confidence, str) and "preliminary" in confidence:
        words.append(t("qualifier.preliminary", lang).strip("()"))
    return ", ".join(words)


def when(year: int, periods: list[str] | set[str], lang: str = "en") -> str:
    """The year a figure is filed under, with its period unless that is the calendar year or its end: a mid-year
    stock says "2024 (mid-2024)", a cumulative count says its dates, so no partial period reads as a whole year."""
    shown = sorted({period(p, lang) for p in periods if p not in ("calendar year", "end of year")})
    return f"{year} ({'; '.join(shown)})" if shown else str(year)


def fmt_number(value: float | None, lang: str = "en", decimals: int = 0) -> str:
    """A number with the language's grouping: 1,234,567 in English, 1 234 567 in Russian; "no data" if missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return t("no_data", lang)
    text = f"{value:,.{decimals}f}"
    if lang == "ru":
        text = text.replace(",", "\u00a0").replace(".", ",")
    return text


MONTH_NAMES = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "ru": ("янв.", "февр.", "март", "апр.", "май", "июнь", "июль", "авг.", "сент.", "окт.", "нояб.", "дек."),
}


def month_label(month: str, lang: str = "en") -> str:
    """'2016-10' as the reader says it: "Oct 2016", "окт. 2016"."""
    names = MONTH_NAMES.get(lang, MONTH_NAMES["en"])
    return f"{names[int(month[5:7]) - 1]} {month[:4]}"


def months_label(first: str, last: str, lang: str = "en") -> str:
    """A month range, "Jan 2016 – Dec 2016" (one month alone: "Oct 2016")."""
    return month_label(first, lang) if first == last else f"{month_label(first, lang)} – {month_label(last, lang)}"
