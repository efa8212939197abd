"""A model of what Dash's browser renderer sends, so benchmarks and tests replay real callback traffic.

`Page` reads the served `/_dash-layout` and `/_dash-dependencies`, keeps every component's props as the browser would,
builds each `/_dash-update-component` body exactly as the renderer forms it (`output`, `outputs`, `inputs` with the
current values, `changedPropIds`, `parsedChangedPropsIds`, `state`; a prop the page never set carries no `value`),
applies each response and says which server callbacks fire next. `INTERACTIONS` are the user actions the benchmark
measures; `run_chain` plays one action through to the last dependent callback with any transport. Clientside
callbacks run in the browser only, so they are skipped, except what the event recorders do (assets/dashboard.js):
an action becomes a numbered event in the page's queue, the queue is written to the events store, and the view
callback's answer acknowledges it. Standard library only (plus `layouts.ids` for names), so
the load generator and the tests can share it.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from layouts import ids

UPDATE_PATH = "/_dash-update-component"
SHARED_LINK = "?year=2016&routes=central_med&indicator=tip_tier"
MAX_CHAIN_DEPTH = 8  # a guard: the app's graph is two levels deep; a cycle must not loop a load test forever


@dataclass(frozen=True)
class Callback:
    """One server or clientside callback as `/_dash-dependencies` describes it."""

    output: str
    outputs: tuple[tuple[str, str], ...]
    inputs: tuple[tuple[str, str], ...]
    state: tuple[tuple[str, str], ...]
    prevent_initial_call: bool
    clientside: bool

    @property
    def multi(self) -> bool:
        return self.output.startswith("..")

    @property
    def name(self) -> str:
        """A short label for reports: the first figure it draws (else a store it writes, else its first output),
        plus how many more outputs."""
        clean = [(cid, prop.split("@")[0]) for cid, prop in self.outputs]  # "figure@<hash>": a duplicate output
        main = next((o for o in clean if o[1] == "figure"), next((o for o in clean if o[1] == "data"), clean[0]))
        label = ".".join(main)
        return label if len(self.outputs) == 1 else f"{label} (+{len(self.outputs) - 1})"


Fired = tuple[Callback, tuple[str, ...]]  # a callback and the prop ids whose change fired it


def apply_patch(current: Any, value: Any) -> Any:
    """A prop's new value: the value itself, or the current value with a Dash `Patch` applied (Assign and Delete,
    the operations the dashboard sends), as the renderer does."""
    if not (isinstance(value, dict) and "__dash_patch_update" in value):
        return value
    # Copy only the containers along each operation's path, as the renderer's immutable update does: a deep copy of
    # the whole figure per answer cost the load generator more CPU than the server spent answering.
    target = _shallow(current) if isinstance(current, dict | list) else {}
    for op in value.get("operations", []):
        *parents, last = op["location"]
        node = target
        for key in parents:
            node[key] = _shallow(node[key])
            node = node[key]
        if op["operation"] == "Assign":
            node[last] = op["params"]["value"]
        elif op["operation"] == "Delete" and isinstance(node, dict):
            node.pop(last, None)
        elif op["operation"] == "Delete":
            del node[last]
    return target


def _shallow(node: Any) -> Any:
    return node.copy() if isinstance(node, dict | list) else node


def parse_dependencies(deps: list[dict]) -> list[Callback]:
    """The callbacks a Dash page declares; pattern-matching ids are not used by this app and are rejected."""

    def pairs(items: Iterable[dict]) -> tuple[tuple[str, str], ...]:
        out = []
        for item in items:
            if not isinstance(item["id"], str):
                raise ValueError(f"pattern-matching id not supported: {item['id']!r}")
            out.append((item["id"], item["property"]))
        return tuple(out)

    callbacks = []
    for dep in deps:
        outputs = _split_output(dep["output"])
        callbacks.append(Callback(
            output=dep["output"],
            outputs=outputs,
            inputs=pairs(dep["inputs"]),
            state=pairs(dep.get("state", [])),
            prevent_initial_call=bool(dep.get("prevent_initial_call")),
            clientside=bool(dep.get("clientside_function")),
        ))
    return callbacks


def _split_output(output: str) -> tuple[tuple[str, str], ...]:
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    return tuple(tuple(p.rsplit(".", 1)) for p in parts)  # type: ignore[misc]


def layout_props(layout: Any) -> dict[str, dict[str, Any]]:
    """Every component with a string id and the props the layout gives it, as the renderer starts out."""
    found: dict[str, dict[str, Any]] = {}
    stack = [layout]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict) and isinstance(node.get("props"), dict):
            props = node["props"]
            if isinstance(props.get("id"), str):
                found[props["id"]] = dict(props)
            stack.append(props.get("children"))
    return found


@dataclass
class Page:
    """One browser tab: component props and the callback graph, advanced by responses."""

    callbacks: list[Callback]
    props: dict[str, dict[str, Any]]
    search: str = ""
    queue: list[dict[str, Any]] | None = None
    seq: int = 0

    @classmethod
    def from_json(cls, layout: Any, deps: list[dict], search: str = "") -> Page:
        """A fresh tab on ``layout``; the page never changes ``layout`` (each component's props are copied, and a
        prop is replaced, never changed in place), so many pages may share one parsed layout."""
        return cls(parse_dependencies(deps), layout_props(layout), search)

    def get(self, prop_id: tuple[str, str]) -> Any:
        return self.props.get(prop_id[0], {}).get(prop_id[1])

    def set(self, component: str, prop: str, value: Any) -> None:
        self.props.setdefault(component, {})[prop] = value

    def record(self, kind: str, name: str = "", value: Any = None) -> list[Fired]:
        """What the browser's event recorder does for one action: queue it and write the queue to the store."""
        self.queue = self.queue or []
        self.seq += 1
        self.queue.append({"seq": self.seq, "kind": kind, "name": name, "value": value})
        self.set(ids.EVENTS, "data", {"events": copy.deepcopy(self.queue)})
        return self.fired_by([f"{ids.EVENTS}.data"])

    def body(self, cb: Callback, changed: Iterable[str]) -> dict[str, Any]:
        """The JSON body the renderer POSTs for this callback."""

        def values(pairs: tuple[tuple[str, str], ...]) -> list[dict[str, Any]]:
            out = []
            for cid, prop in pairs:
                item: dict[str, Any] = {"id": cid, "property": prop}
                if prop in self.props.get(cid, {}):  # undefined props go without a value, as in the browser
                    item["value"] = copy.deepcopy(self.props[cid][prop])
                out.append(item)
            return out

        outputs = [{"id": cid, "property": prop} for cid, prop in cb.outputs]
        changed_ids = list(changed)
        body: dict[str, Any] = {
            "output": cb.output,
            "outputs": outputs if cb.multi else outputs[0],
            "inputs": values(cb.inputs),
            "changedPropIds": changed_ids,
            "parsedChangedPropsIds": changed_ids,
        }
        if cb.state:
            body["state"] = values(cb.state)
        return body

    def apply(self, cb: Callback, response: dict[str, Any] | None) -> list[Fired]:
        """Store a callback's response and return the server callbacks it fires next (never itself)."""
        if not response:
            return []
        changed: list[str] = []
        for section in ("response", "sideUpdate"):
            for cid, props in (response.get(section) or {}).items():
                for prop, value in props.items():
                    self.set(cid, prop, apply_patch(self.props.get(cid, {}).get(prop), value))
                    changed.append(f"{cid}.{prop}")
                    if (cid, prop) == (ids.VIEW, "data") and isinstance(value, dict):  # events it applied
                        self.queue = [e for e in self.queue or [] if e["seq"] > value.get("seq", 0)]
        return self.fired_by(changed, exclude=cb)

    def fired_by(self, changed: Iterable[str], exclude: Callback | None = None) -> list[Fired]:
        changed_set = set(changed)
        fired = []
        for cb in self.callbacks:
            if cb.clientside or cb is exclude:
                continue
            hits = tuple(f"{cid}.{prop}" for cid, prop in cb.inputs if f"{cid}.{prop}" in changed_set)
            if hits:
                fired.append((cb, hits))
        return fired

    def initial(self) -> list[Fired]:
        """The callbacks a fresh page fires at once; the ones that wait on another's output fire from its response.

        dcc.Location sets `search` (and `pathname`) on mount, so a callback that reads them sees them as changed.
        """
        url = self.props.setdefault(ids.URL, {})
        url.update({"pathname": "/", "search": self.search})
        # The page says the map has drawn (assets/dashboard.js), which lets the charts draw: for the model, at once.
        self.set(ids.MAP_READY, "data", True)
        fired = self.record("link", "", self.search)  # the action recorder's first call: the link's event
        candidates = [cb for cb in self.callbacks if not cb.prevent_initial_call]
        for cb in candidates:
            if cb.clientside or any(cb is f[0] for f in fired):
                continue
            others = {o for other in candidates if other is not cb for o in other.outputs}
            if any(i in others for i in cb.inputs):
                continue  # waits for the callback that writes its input
            changed = tuple(f"{ids.URL}.{p}" for cid, p in cb.inputs if cid == ids.URL and p in url)
            fired.append((cb, changed))
        return fired


# ---- the user actions the benchmark measures: each sets what the browser sets and returns what fires ----

def year_step(page: Page) -> list[Fired]:
    """Move the year slider one step (wrapping at the end, as the play button does)."""
    slider = page.props[ids.YEAR]
    year = slider.get("value", slider["min"])
    page.set(ids.YEAR, "value", slider["min"] if year >= slider["max"] else year + 1)
    return page.record("control", "year", page.get((ids.YEAR, "value")))


def route_click(page: Page) -> list[Fired]:
    """Click a route's label on the map: the first click selects it alone, the next one selects all routes again."""
    route = page.props[ids.ROUTES]["options"][0]["value"]
    point = _route_point(page.get((ids.MAP, "figure")), route)
    page.set(ids.MAP, "clickData", {"points": [point]})
    return page.record("click", ids.MAP, {"points": [{"location": None, "customdata": point["customdata"]}]})


def _route_point(figure: Any, route: str) -> dict[str, Any]:
    """The point plotly.js reports for a click on the route's label marker (or a bare one without a figure)."""
    traces = figure.get("data", []) if isinstance(figure, dict) else []
    for curve, trace in enumerate(traces):
        custom = trace.get("customdata")
        if trace.get("name") == "route-labels" and isinstance(custom, list) and route in custom:
            i = custom.index(route)
            point = {"curveNumber": curve, "pointNumber": i, "pointIndex": i, "customdata": route}
            for key in ("lon", "lat", "text"):
                if isinstance(trace.get(key), list) and i < len(trace[key]):
                    point[key] = trace[key][i]
            return point
    return {"curveNumber": 0, "pointNumber": 0, "pointIndex": 0, "customdata": route}


def indicator_change(page: Page) -> list[Fired]:
    """Pick the next indicator in the dropdown."""
    options = [o["value"] for o in page.props[ids.INDICATOR]["options"]]
    current = page.get((ids.INDICATOR, "value"))
    nxt = options[(options.index(current) + 1) % len(options)] if current in options else options[0]
    page.set(ids.INDICATOR, "value", nxt)
    return page.record("control", "indicator", nxt)


def weight_change(page: Page) -> list[Fired]:
    """Move the first risk-weight slider one step (1..10, so the weights never sum to zero)."""
    weight = ids.WEIGHT.format("volume")
    value = page.get((weight, "value")) or 0
    page.set(weight, "value", value % 10 + 1)
    return page.record("control", "weight.volume", value % 10 + 1)


def open_link(page: Page) -> list[Fired]:
    """A fresh tab on a shared link: the page's first callbacks. Pass a new Page built with the link's search."""
    return page.initial()


INTERACTIONS: dict[str, Callable[[Page], list[Fired]]] = {
    "year step": year_step,
    "route click": route_click,
    "indicator change": indicator_change,
    "risk-weight change": weight_change,
    "open shared link": open_link,
    "year step, incidents on": year_step,
    "route click, incidents on": route_click,
    "year step, flows on": year_step,
    "route click, flows on": route_click,
}
# The link each interaction's page was opened from, where it is not SHARED_LINK: the same steps with the incident
# layer on, whose circles must not make a step slow or heavy, and with the trafficking flows layer on.
INCIDENTS_LINK = SHARED_LINK + "&incidents=on"
FLOWS_LINK = SHARED_LINK + "&flows=on"
LINKS = {"year step, incidents on": INCIDENTS_LINK, "route click, incidents on": INCIDENTS_LINK,
         "year step, flows on": FLOWS_LINK, "route click, flows on": FLOWS_LINK}
# Where the benchmark holds the map's bytes to the small-update budget. A route click with the flows layer on draws
# other flows (those of the routes now selected): it is held to the callback-time budget, not to the bytes one.
SMALL_UPDATES = ("year step", "route click", "year step, incidents on", "route click, incidents on",
                 "year step, flows on")


@dataclass
class Reply:
    """One callback round trip as a client saw it."""

    callback: str
    status: int
    wire_bytes: int  # as sent on the wire (compressed when the server compressed it)
    raw_bytes: int
    seconds: float
    json: dict[str, Any] | None


Send = Callable[[Callback, dict[str, Any]], Reply]
FanOut = Callable[[Send, list[tuple[Callback, dict[str, Any]]]], list[Reply]]


def sequential(send: Send, calls: list[tuple[Callback, dict[str, Any]]]) -> list[Reply]:
    return [send(cb, body) for cb, body in calls]


def run_chain(page: Page, fired: list[Fired], send: Send, fan_out: FanOut = sequential) -> list[Reply]:
    """Play fired callbacks and everything their responses fire, level by level as the renderer does."""
    replies: list[Reply] = []
    level = _merge(fired)
    for _ in range(MAX_CHAIN_DEPTH):
        if not level:
            break
        calls = [(cb, page.body(cb, changed)) for cb, changed in level]
        results = fan_out(send, calls)
        replies.extend(results)
        nxt: list[Fired] = []
        for (cb, _), reply in zip(calls, results):
            if reply.status == 200:
                nxt.extend(page.apply(cb, reply.json))
        level = _merge(nxt)
    return replies


def _merge(fired: list[Fired]) -> list[Fired]:
    """One request per callback even when several changed props fire it."""
    merged: dict[str, tuple[Callback, list[str]]] = {}
    for cb, changed in fired:
        entry = merged.setdefault(cb.output, (cb, []))
        entry[1].extend(c for c in changed if c not in entry[1])
    return [(cb, tuple(changed)) for cb, changed in merged.values()]


def encode(body: dict[str, Any]) -> bytes:
    """The body as the browser's JSON.stringify writes it (no spaces)."""
    return json.dumps(body, separators=(",", ":")).encode()
