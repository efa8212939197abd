"""What the callback-endpoint tests share: well-formed request bodies as the renderer sends them, and checks of
short error answers and clean logs."""

from __future__ import annotations

import json
from pathlib import Path

from dash import ALL
from dash.dependencies import Wildcard

from layouts import ids

ROOT = Path(__file__).resolve().parent.parent
CALLBACK = "/_dash-update-component?endId=test"  # Dash 4's renderer appends a query string like this
MAP_COUNTRIES = f"#{ids.MAP} path.choroplethlocation"
MAX_LOG_LINE = 300



def outputs(spec: dict) -> list:
    """A registered callback's outputs (Dash keeps a single one bare)."""
    return spec["output"] if isinstance(spec["output"], list) else [spec["output"]]


def sync_key(app) -> str:
    """The callback that owns the view (it writes the view store)."""
    return next(k for k, spec in app.callback_map.items() if any(o.component_id == ids.VIEW for o in outputs(spec)))


def map_key(app) -> str:
    """The callback that draws the map on its own (when the added figures change; the view callback draws it too)."""
    return next(k for k, spec in app.callback_map.items()
                if any(o.component_id == ids.MAP and o.component_property == "figure" for o in outputs(spec))
                and not any(o.component_id == ids.VIEW for o in outputs(spec)))


def wildcard_matches(app, pattern: dict, prop: str) -> list[dict] | dict:
    """What the renderer sends for a dict id: every match of an ALL pattern (a list), or the one match of MATCH."""
    def wild(value) -> bool:
        return isinstance(value, Wildcard) or isinstance(value, list) and value[:1] in (["ALL"], ["MATCH"])

    layout = app.layout() if callable(app.layout) else app.layout  # the app builds its page per visit
    found = [{"id": c.id, "property": prop} for c in layout._traverse()
             if isinstance(getattr(c, "id", None), dict) and c.id.keys() == pattern.keys()
             and all(wild(v) or c.id[k] == v for k, v in pattern.items())]
    every = any(v == ALL or v == ["ALL"] for v in pattern.values())
    return found if every else found[0]


def call(app, output: str, values: dict[str, object] | None = None, changed: list[str] | None = None) -> dict:
    """A well-formed request body for one registered callback, as the renderer sends it."""
    spec = app.callback_map[output]
    values = values or {}

    def deps(items: list[dict]) -> list:
        sent = []
        for d in items:
            if d["id"].startswith("{"):  # a dict id, kept as JSON text
                sent.append(wildcard_matches(app, json.loads(d["id"]), d["property"]))
            else:
                value = values.get(f"{d['id']}.{d['property']}")
                sent.append({"id": d["id"], "property": d["property"], "value": value})
        return sent

    sent = [wildcard_matches(app, o.component_id, o.component_property) if isinstance(o.component_id, dict)
            else {"id": o.component_id, "property": o.component_property} for o in outputs(spec)]
    body = {"output": output, "outputs": sent if output.startswith("..") else sent[0],
            "inputs": deps(spec["inputs"]), "changedPropIds": changed or []}
    if spec.get("state"):
        body["state"] = deps(spec["state"])
    return body


def sync_call(app, *events: dict, stored: object = None) -> dict:
    """A request to the view callback carrying ``events`` (numbered from 1), with the 2015 view stored."""
    queue = {"events": [{"seq": i + 1, "name": "", "value": None, **e} for i, e in enumerate(events)]}
    given = {f"{ids.EVENTS}.data": queue,
             f"{ids.VIEW}.data": {"query": "year=2015", "seq": 0} if stored is None else stored}
    return call(app, sync_key(app), given, [f"{ids.EVENTS}.data"])


def control(name: str, value: object) -> dict:
    return {"kind": "control", "name": name, "value": value}


def outputs_of(response) -> dict[str, object]:
    """``{"id.property": value}`` from a callback answer."""
    data = response.get_json()["response"]
    return {f"{cid}.{prop}": value for cid, props in data.items() for prop, value in props.items()}


def assert_short_json_error(response, status: int | tuple[int, ...], marker: str | None = None) -> None:
    statuses = status if isinstance(status, tuple) else (status,)
    assert response.status_code in statuses, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/json"
    assert isinstance(response.get_json()["error"], str)
    text = response.get_data(as_text=True)
    assert len(text) < 300 and "Traceback" not in text and "File \"" not in text
    if marker:
        assert marker not in text


def assert_logs_clean(caplog, marker: str) -> None:
    """No log record quotes the request, and every line is short."""
    assert marker not in caplog.text
    for record in caplog.records:
        assert marker not in record.getMessage()
        assert len(record.getMessage()) < MAX_LOG_LINE
