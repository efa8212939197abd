"""Page switching and the CSV download, as functions of the callbacks' inputs."""

from __future__ import annotations

from collections import OrderedDict
from datetime import date

from dash import dcc

from answers.view import stored_view
from core.added_figures import AddedFigures
from core.export import filename, link_for, to_csv
from core.served import Served
from core.text import known_lang
from core.view import View
from layouts import ids
from layouts.markdown import markdown_to_dash
from layouts.sources import build_sources_page


def page_visibility(pathname: object) -> tuple[bool, bool]:
    """(dashboard hidden, sources page hidden) for a path."""
    on_sources = isinstance(pathname, str) and pathname.rstrip("/").endswith(ids.SOURCES_PATH)
    return on_sources, not on_sources


def page_answer(served: Served, pathname: object, lang: object) -> tuple[bool, bool, list]:
    """(dashboard hidden, sources page hidden, the sources page's content): the content in ``lang`` while the
    page shows, and nothing while the dashboard does, so its components are not in the browser then."""
    dashboard_hidden, sources_hidden = page_visibility(pathname)
    return dashboard_hidden, sources_hidden, [] if sources_hidden else sources_content(served, lang)


def method_answer(served: Served, clicks: object, lang: object) -> list:
    """The risk method's text in ``lang`` while its section is open (an odd number of clicks on its summary, which
    a keyboard's Enter or Space also sends), nothing while it is closed."""
    is_open = isinstance(clicks, int) and clicks % 2 == 1
    return [markdown_to_dash(served.method_md[known_lang(lang)])] if is_open else []




def sources_content(served: Served, lang: object) -> list:
    """The sources and method page in ``lang`` (English for a language the catalogues lack)."""
    lang = known_lang(lang)
    return build_sources_page(served.prep, lang, served.method_md[lang])


def csv_download(served: Served, stored: object, added: AddedFigures) -> dict:
    """The view's rows as a CSV download; the link in it uses the configured public address (never the Host
    header a request names)."""
    prep = served.prep
    view = stored_view(stored, prep.options)[0]
    return dcc.send_string(csv_text(served, view, added), filename(prep, view), type="text/csv")


def csv_text(served: Served, view: View, added: AddedFigures) -> str:
    """The CSV of ``view`` with ``added``, kept for a few views: building one costs a few hundred milliseconds, so
    the server builds it ahead, off the event loop, before the download callback runs (web/work_limits.py)."""
    key = (id(served), view, added.digest, date.today().isoformat())
    text = _CSV_TEXTS.get(key)
    if text is None:
        text = to_csv(served.prep, view, link_for(served.public_url, served.prep, view), added=added,
                      base=served.public_url)
        _CSV_TEXTS[key] = text
        while len(_CSV_TEXTS) > CSV_KEPT:
            _CSV_TEXTS.popitem(last=False)
    return text


def warm_csv(served: Served, values: dict[str, object]) -> None:
    """Build the CSV a download callback with these input values will send (for web/work_limits.py)."""
    view = stored_view(values.get(f"{ids.VIEW}.data"), served.prep.options)[0]
    csv_text(served, view, served.added(values.get(f"{ids.VISITOR_FIGURES}.data"), values.get(f"{ids.FROM_LINK}.data")))


CSV_KEPT = 16  # a CSV is about 250 KB
_CSV_TEXTS: OrderedDict[tuple, str] = OrderedDict()
