// The page's event queue (assets/dashboard.js), run by node's own test runner in a stand-in for the browser:
// every user action is queued with the next number, kept until an answer says it was applied, and sent again with
// every request until then, so a request Dash drops loses nothing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import vm from "node:vm";

const SCRIPT = readFileSync(new URL("../../assets/dashboard.js", import.meta.url), "utf8");
const NO_UPDATE = { no_update: true };
// The script's objects come from its own context: compared as plain data.
const plain = (x) => (x === NO_UPDATE || x === undefined ? x : JSON.parse(JSON.stringify(x)));

function classList() {
  const names = new Set();
  return {
    add: (n) => names.add(n), remove: (n) => names.delete(n), contains: (n) => names.has(n),
    toggle: (n, on) => { const want = on === undefined ? !names.has(n) : on; want ? names.add(n) : names.delete(n); return want; },
  };
}

// A fresh page: the script loaded into its own context, with what it needs of window and document.
function page(search = "?year=2015") {
  const listeners = {}, props = [], replaced = [], timers = [];
  const document = {
    body: { classList: classList() }, documentElement: {},
    addEventListener: (type, fn) => { (listeners[type] ||= []).push(fn); },
    getElementById: () => null, querySelector: () => null, querySelectorAll: () => [],
  };
  const window = {
    dash_clientside: {
      no_update: NO_UPDATE, callback_context: { triggered: [] },
      set_props: (id, value) => props.push([id, plain(value)]),
    },
    location: { origin: "http://127.0.0.1:8050", pathname: "/", search, hash: "" },
    addEventListener: (type, fn) => { (listeners[`window:${type}`] ||= []).push(fn); },
    history: { replaceState: (_s, _t, url) => replaced.push(url) },
  };
  const context = {
    window, document, console, performance: { now: () => 0 },
    MutationObserver: class { observe() {} disconnect() {} },
    setTimeout: (fn, ms) => { if (ms === 0) timers.push(fn); return 0; }, setInterval: () => 0, clearInterval: () => {},
  };
  vm.runInNewContext(SCRIPT, context);
  const api = window.dash_clientside.dashboard;
  return {
    api, document, window, props, replaced,
    run: () => timers.splice(0).forEach((fn) => fn()),  // what the page does once the answer has been handled
    // A recorder call as Dash makes it: what fired, then every input's value, the view store last.
    record(fired, view = null, search = window.location.search) {
      window.dash_clientside.callback_context = { triggered: fired.map(([prop_id, value]) => ({ prop_id, value })) };
      return plain(api.record(search, view));
    },
    key(key, target = { tagName: "BODY", getAttribute: () => null }) {
      const event = { key, target, preventDefault() {} };
      (listeners.keydown || []).forEach((fn) => fn(event));
    },
  };
}

test("the page's first call queues the link it was opened with", () => {
  const p = page("?year=2016&lang=uk");
  const sent = p.record([]);
  assert.deepEqual(sent.events, [{ seq: 1, kind: "link", name: "", value: "?year=2016&lang=uk" }]);
});

test("each action gets the next number and stays queued until an answer says it was applied", () => {
  const p = page();
  p.record([]);
  p.record([["year-slider.value", 2017]], { controls: { year: 2015 } });
  const sent = p.record([["clear-selection.n_clicks", 1]], { controls: { year: 2015 } });
  assert.deepEqual(sent.events.map((e) => [e.seq, e.kind, e.name]),
    [[1, "link", ""], [2, "control", "year-slider"], [3, "clear", ""]]);
  // An answer that applied events 1 and 2 (and moved the year): the next request carries only event 3 and later.
  p.api.syncUrl({ query: "year=2017", seq: 2, mode: "explore", lang: "en" });
  const next = p.record([["map.relayoutData", { "geo.projection.scale": 2 }]], { controls: { year: 2017 } });
  assert.deepEqual(next.events.map((e) => e.seq), [3, 4]);
  assert.deepEqual(next.events[1], { seq: 4, kind: "map_moved", name: "", value: { "geo.projection.scale": 2 } });
  assert.deepEqual(p.replaced, ["/?year=2017"]);
});

test("a control that only shows what the view says sends nothing", () => {
  const p = page();
  p.record([]);
  assert.equal(p.record([["year-slider.value", 2015]], { controls: { "year-slider": 2015 } }), NO_UPDATE);
  // A weight's control id names its weight the way the server does.
  const sent = p.record([["weight-volume.value", 4]], { controls: { "weight.volume": 3 } });
  assert.deepEqual(sent.events.at(-1), { seq: 2, kind: "control", name: "weight.volume", value: 4 });
});

test("the layer, scene and language switches send events of their own kinds", () => {
  const p = page();
  const sent = p.record([["layer.value", "risk"], ["scene.value", "months"], ["lang.value", "ru"]], { controls: {} });
  assert.deepEqual(sent.events.map((e) => [e.kind, e.value]), [["layer", "risk"], ["scene", "months"], ["lang", "ru"]]);
});

test("a click sends the point's location and customdata, nothing of plotly's bulk", () => {
  const p = page();
  const click = { points: [{ location: "ITA", customdata: ["central_med"], bbox: { x0: 1 }, fullData: {} }] };
  const sent = p.record([["map.clickData", click]], { controls: {} });
  assert.deepEqual(sent.events.at(-1).value, { points: [{ location: "ITA", customdata: ["central_med"] }] });
});

test("a page never holds more than 200 unapplied events", () => {
  const p = page();
  let sent;
  for (let i = 0; i < 250; i += 1) sent = p.record([["play-timer.n_intervals", i]], { controls: {} });
  assert.equal(sent.events.length, 200);
  assert.equal(sent.events[0].seq, 51);
  assert.equal(sent.events.at(-1).seq, 250);
});

test("in presenter mode the arrows and Escape are queued as key events; typing in a control is not", () => {
  const p = page();
  p.key("ArrowRight");
  assert.equal(p.props.length, 0, "outside presenter mode the page's keys are the browser's");
  p.document.body.classList.add("present");
  p.key("ArrowRight");
  p.key("ArrowLeft");
  p.key("Escape");
  p.key("ArrowRight", { tagName: "INPUT", getAttribute: () => null });
  const [id, value] = p.props.at(-1);
  assert.equal(id, "events-store");
  assert.deepEqual(value.data.events.map((e) => [e.kind, e.name]), [["key", "right"], ["key", "left"], ["key", "escape"]]);
});

test("the paths the script builds are the page's", () => {
  const p = page();
  assert.equal(plain(p.api.previewSource("?year=2016")), "/preview/map.svg?year=2016");
  assert.deepEqual(plain(p.api.pageLinks({ query: "year=2016" })), ["/sources?year=2016", "/?year=2016"]);
});

test("an answer that applied some events but not all sends the rest again, and only on progress", () => {
  const p = page();
  p.document.body.classList.add("present");
  ["ArrowRight", "ArrowRight", "ArrowRight"].forEach((k) => p.key(k));
  const pressed = p.props.length;
  p.api.syncUrl({ query: "year=2016", seq: 1, mode: "present", lang: "en" });
  p.run();
  assert.equal(p.props.length, pressed + 1);
  assert.deepEqual(p.props.at(-1)[1].data.events.map((e) => e.seq), [2, 3]);
  p.api.syncUrl({ query: "year=2016", seq: 1, mode: "present", lang: "en" });  // no progress: nothing sent
  p.run();
  assert.equal(p.props.length, pressed + 1);
  p.api.syncUrl({ query: "year=2018", seq: 3, mode: "present", lang: "en" });  // all applied: nothing left to send
  p.run();
  assert.equal(p.props.length, pressed + 1);
});
