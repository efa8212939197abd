"""The "your figures" panel: upload a CSV, and see what each user file added or why rows were left out."""

from __future__ import annotations

from dash import dcc, html

from core.text import t
from core.user_data import UserFile
from layouts import ids


def build_user_panel(lang: str, files: list[UserFile]) -> html.Details:
    """Upload control, format help and the report on the files already in the user-data folder."""
    return html.Details(className="user-panel", children=[
        html.Summary(t("user.title", lang)),
        html.P(t("user.help", lang), className="hint"),
        html.Pre("route_id,year,indicator,value,period,note\niso3,year,indicator,value,period,note",
                 className="format"),
        dcc.Upload(id=ids.UPLOAD, accept=".csv,text/csv", max_size=512 * 1024, multiple=False,
                   className="button upload", children=html.Span(t("user.upload", lang))),
        html.Div(build_user_report(lang, files), id=ids.UPLOAD_REPORT, role="status"),
    ])


def build_user_report(lang: str, files: list[UserFile], just_uploaded: UserFile | None = None,
                      saved: bool = False) -> list:
    """One block per file: how many rows it added, and each problem with its line and column."""
    blocks = []
    if just_uploaded is not None:
        verdict = t("user.saved" if saved else "user.rejected", lang, name=just_uploaded.name,
                    n=just_uploaded.accepted)
        blocks.append(html.P(verdict, className="user-verdict " + ("ok" if saved else "bad")))
    for f in ([just_uploaded] if just_uploaded is not None and not saved else []) + files:
        blocks.append(html.Div(className="user-file", children=[
            html.Strong(f.name), " — ", t("user.rows", lang, n=f.accepted),
            html.Ul([html.Li(p) for p in f.problems[:50]]) if f.problems else None,
            html.P(t("user.more", lang, n=len(f.problems) - 50)) if len(f.problems) > 50 else None,
        ]))
    return blocks
