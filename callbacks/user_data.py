"""Wire the upload control: validate the file, keep it in the user-data folder if any row is good, report."""

from __future__ import annotations

import base64
import binascii
import os
import tempfile
from pathlib import Path

from dash import Dash, Input, Output, State, no_update

from core.store import DataStore
from core.user_data import MAX_BYTES, read_user_file, safe_name
from core.view import parse
from layouts import ids
from layouts.user_panel import build_user_report


def register(app: Dash, data: DataStore) -> None:
    """An upload never touches the shipped data; a rejected file is not written at all."""

    @app.callback(
        Output(ids.UPLOAD_REPORT, "children"),
        Output(ids.CONTENT, "data", allow_duplicate=True),
        Output(ids.YEAR, "max"),
        Output(ids.YEAR, "min"),
        Input(ids.UPLOAD, "contents"),
        State(ids.UPLOAD, "filename"),
        State(ids.CONTENT, "data"),
        prevent_initial_call=True,
    )
    def upload(contents, filename, content):
        lang = parse(content.get("query", "") if isinstance(content, dict) else "", data.prep().options)[0].lang
        raw = _decode(contents)
        name = safe_name(filename if isinstance(filename, str) else "figures.csv")
        user = read_user_file(name, raw if raw is not None else b"", data.prep().bundle)
        if raw is None:
            user = type(user)(name, user.source_id, problems=("the upload could not be decoded",))
        saved = bool(user.accepted) and data.user_dir is not None and _save(data.user_dir, name, raw)
        prep = data.prep()
        report = build_user_report(lang, data.user_files(), user, saved)
        if not saved:
            return report, no_update, no_update, no_update
        # A new content version makes every figure redraw with the new rows.
        refreshed = {**(content if isinstance(content, dict) else {}), "data": data.version}
        return report, refreshed, prep.options.years[1], prep.options.years[0]


def _decode(contents) -> bytes | None:
    if not isinstance(contents, str) or "," not in contents:
        return None
    try:
        raw = base64.b64decode(contents.split(",", 1)[1], validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw if len(raw) <= MAX_BYTES else raw[: MAX_BYTES + 1]


def _save(folder: Path, name: str, raw: bytes) -> bool:
    """Write atomically under a name no other file has, so an upload never replaces or half-writes a file."""
    folder.mkdir(parents=True, exist_ok=True)
    target, n = folder / name, 1
    while target.exists():
        n += 1
        target = folder / f"{Path(name).stem}-{n}.csv"
    handle, temp = tempfile.mkstemp(dir=folder, suffix=".part")
    with os.fdopen(handle, "wb") as out:
        out.write(raw)
    os.replace(temp, target)
    return True
