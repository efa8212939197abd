"""Answers for a visitor's own figures: add a file (checked, kept in that browser only), remove them, put them in a
link, and say on the page which added figures it shows. Nothing here writes anything on the server."""

from __future__ import annotations

import base64
import binascii

from dash import html, no_update

from core.added_figures import (
    MAX_BYTES,
    MAX_FILES,
    MAX_LINK_CHARS,
    MAX_ROWS,
    NONE,
    FigureFile,
    check_file,
    clean_name,
    from_link_fragment,
    from_store,
    to_link_fragment,
    to_store,
)
from core.served import Served
from core.text import fmt_number, known_lang, t
from layouts import ids
from layouts.added_figures import SHOWN_PROBLEMS


def decode_upload(contents: object) -> bytes | None:
    """The bytes of a `dcc.Upload` data URL (cut one byte past the size limit), or None if it is not one."""
    if not isinstance(contents, str) or "," not in contents:
        return None
    body = contents.split(",", 1)[1][: (MAX_BYTES + 3) * 4 // 3]
    try:
        return base64.b64decode(body + "=" * (-len(body) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None


def upload_answer(served: Served, contents: object, filename: object, visitor: object, lang: object) -> dict:
    """A new file checked and, if any row is good and there is room, added to the browser's store."""
    lang = known_lang(lang)
    raw = decode_upload(contents)
    name = clean_name(filename if isinstance(filename, str) else "figures.csv")
    if raw is None:
        return {"visitor": no_update, "report": [html.P(t("added.rejected", lang, name=name), className="bad"),
                                              html.Ul([html.Li("the upload could not be decoded")])]}
    checked = check_file(name, raw, served.vocab, "visitor")
    kept = from_store(visitor, served.vocab, "visitor")
    rows = sum(f.accepted for f in kept.files)
    if not checked.accepted:
        verdict = t("added.rejected", lang, name=checked.name)
    elif len(kept.files) >= MAX_FILES or rows + checked.accepted > MAX_ROWS:
        verdict = t("added.full", lang, name=checked.name, files=MAX_FILES, rows=fmt_number(MAX_ROWS, lang))
    else:
        saved = to_store((*kept.files, checked))
        return {"visitor": saved, "report": report(checked, t("added.saved", lang, name=checked.name,
                                                             n=checked.accepted), lang, ok=True)}
    return {"visitor": no_update, "report": report(checked, verdict, lang, ok=False)}


def report(file: FigureFile, verdict: str, lang: str, ok: bool) -> list:
    """The verdict on one file, then each problem with its line and column (plain text, in line order)."""
    shown = [html.Li(p.say(lang)) for p in file.problems[:SHOWN_PROBLEMS]]
    more = file.problem_count - SHOWN_PROBLEMS
    return [html.P(verdict, className="added-verdict " + ("ok" if ok else "bad")),
            html.Ul(shown) if shown else None,
            html.P(t("added.more", lang, n=more)) if more > 0 else None]


def link_answer(served: Served, visitor: object, lang: object) -> dict:
    """The `#figures=...` fragment for "Link with my figures", or a message saying why there is none."""
    lang = known_lang(lang)
    kept = from_store(visitor, served.vocab, "visitor")
    if not kept:
        return {"fragment": None, "message": t("added.link.none", lang)}
    fragment = to_link_fragment(kept)
    if fragment is None:
        return {"fragment": None, "message": t("added.link.too_long", lang, n=fmt_number(MAX_LINK_CHARS, lang))}
    return {"fragment": fragment, "message": t("added.link.help", lang)}


def added_note(served: Served, visitor: object, link_fragment: object, lang: object) -> tuple[list, bool]:
    """What the page says about the added figures it shows (children, hidden): the link's, the visitor's own."""
    lang = known_lang(lang)
    lines = []
    from_link = from_store(from_link_fragment(link_fragment), served.vocab, "link")
    if from_link:
        files = ", ".join(f.name for f in from_link.files)
        lines.append(html.P(t("added.from_link", lang, files=files, n=sum(f.accepted for f in from_link.files)),
                            className="added-link"))
    kept = from_store(visitor, served.vocab, "visitor") if visitor else NONE
    if kept:
        rows = sum(f.accepted for f in kept.files)
        lines.append(html.P(t("added.visitor_note", lang, n=rows), className="added-visitor"))
    return lines, not lines


def figures_action(served: Served, trigger: object, contents: object, name: object, visitor: object,
                   lang: object) -> dict:
    """What adding a file, removing the visitor's figures or asking for a link answers: the visitor's figures, the
    report line and the link fragment (each unchanged where the action does not touch it)."""
    if trigger == ids.UPLOAD:
        return {**upload_answer(served, contents, name, visitor, lang), "fragment": no_update}
    if trigger == ids.REMOVE_VISITOR_FIGURES:
        return {"visitor": None, "report": t("added.removed", known_lang(lang)), "fragment": no_update}
    if trigger == ids.LINK_WITH_FIGURES:
        linked = link_answer(served, visitor, lang)
        return {"visitor": no_update, "report": linked["message"], "fragment": linked["fragment"]}
    return {"visitor": no_update, "report": no_update, "fragment": no_update}
