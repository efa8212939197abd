/* Browser-side behaviour that needs no server: URL bar, share box, presenter mode, play button, keyboard. */
(function () {
  "use strict";

  function playLabel(playing) {
    return playing ? "\u23f8" : "\u25b6";
  }

  // The event queue: every user action gets the next number and stays queued until an answer of the view callback
  // says it was applied (view.seq). Each request carries every queued event, so when Dash drops a request in flight
  // for a newer one, the newer one carries the dropped one's events too, and the server skips those it applied.
  var EVENTS = "events-store";  // layouts/ids.py EVENTS
  var SOURCES_PATH = "/sources";  // layouts/ids.py SOURCES_PATH
  var MAP_PICTURE_PATH = "/preview/map.svg";  // layouts/ids.py MAP_PICTURE_PATH
  var MAX_EVENTS = 200;
  var queue = {seq: 0, events: []};

  function push(kind, name, value) {
    queue.seq += 1;
    queue.events.push({seq: queue.seq, kind: kind, name: name || "", value: value === undefined ? null : value});
    if (queue.events.length > MAX_EVENTS) queue.events.splice(0, queue.events.length - MAX_EVENTS);
  }

  var lastApplied = 0;

  // An answer says which events it applied: they leave the queue. If it applied new ones but not all (a burst of key
  // presses, whose later requests the renderer may never send), the rest go again at once, so no action waits for
  // the next one to be sent; only on progress, so an event the server refused cannot make requests loop.
  function acknowledge(view) {
    var applied = view && typeof view.seq === "number" ? view.seq : 0;
    queue.events = queue.events.filter(function (e) { return e.seq > applied; });
    if (applied > lastApplied && queue.events.length) {
      setTimeout(function () { window.dash_clientside.set_props(EVENTS, {data: snapshot()}); }, 0);
    }
    lastApplied = Math.max(lastApplied, applied);
  }

  function snapshot() {
    return {events: queue.events.slice()};
  }

  function same(a, b) {
    return JSON.stringify(a === undefined ? null : a) === JSON.stringify(b === undefined ? null : b);
  }

  function triggered() {
    var ctx = window.dash_clientside.callback_context;
    return (ctx && ctx.triggered) || [];
  }

  // What a click needs on the server: the first point's location and customdata, nothing of plotly's bulk.
  function slimClick(data) {
    var point = data && data.points && data.points[0];
    if (!point) return null;
    return {points: [{location: point.location === undefined ? null : point.location,
                      customdata: point.customdata === undefined ? null : point.customdata}]};
  }

  function slimMove(data) {
    if (!data) return null;
    var keys = ["geo.center.lon", "geo.center.lat", "geo.projection.scale"], out = {}, any = false;
    keys.forEach(function (k) { if (typeof data[k] === "number") { out[k] = data[k]; any = true; } });
    return any ? out : null;
  }

  // Presenter mode shows the charts a scene promises (the view's `charts`) beside the map, the others stay folded;
  // a chart drawn while hidden is resized to its new box once shown.
  function showPromised(charts) {
    var any = charts.length > 0;
    document.body.classList.toggle("present-charts", any);
    document.querySelectorAll(".charts .chart").forEach(function (figure) {
      var graph = figure.querySelector(".chart-graph");
      figure.classList.toggle("promised", Boolean(graph && charts.indexOf(graph.id) >= 0));
    });
    if (!any || !window.Plotly) return;
    setTimeout(function () {
      document.querySelectorAll(".chart.promised .js-plotly-plot").forEach(function (gd) {
        window.Plotly.Plots.resize(gd);
      });
    }, 0);
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    dashboard: {
      // Every user action the page's components report, queued: the link (on load and on back/forward), clicks on
      // the map and charts, map moves, the buttons and the play timer, and each control that moved (unless it only
      // shows what the view already says: the view callback set it). Arguments: the URL's search, the actions'
      // properties, the controls' values, then the view store.
      record: function () {
        var search = arguments[0], view = arguments[arguments.length - 1], fired = triggered(), before = queue.seq;
        if (!fired.length || fired.some(function (t) { return t.prop_id === "." || t.prop_id === "url.search"; })) {
          push("link", "", typeof search === "string" ? search : "");
        }
        fired.forEach(function (t) {
          var cut = t.prop_id.lastIndexOf("."), id = t.prop_id.slice(0, cut), prop = t.prop_id.slice(cut + 1);
          // A tap the map's own handler below has already read (plotly's nearest point may be another route's).
          if (prop === "clickData" && t.value && id === "map" && Date.now() - tapRead < TAP_MS) {
            tapRead = 0;  // plotly.js's one click of that tap: a later click is the reader's again
            return;
          }
          if (prop === "clickData") { if (t.value) push("click", id, slimClick(t.value)); }
          else if (prop === "relayoutData") { if (slimMove(t.value)) push("map_moved", "", slimMove(t.value)); }
          else if (prop === "n_intervals") push("tick");
          else if (prop === "n_clicks" && id === "clear-selection") push("clear");
          else if (prop === "n_clicks" && id === "present-button") push("present");
          else if (prop === "value") {
            var name = id.replace(/^weight-/, "weight.");
            if (view && view.controls && same(view.controls[name], t.value)) return;
            push(name === "layer" || name === "scene" || name === "lang" ? name : "control", name, t.value);
          }
        });
        // A control that only shows what the view says sends nothing. Any other report (a map redraw that moved
        // nothing included) sends the queue again: if an answer was lost, its events go once more.
        var action = fired.some(function (t) { return t.prop_id.slice(t.prop_id.lastIndexOf(".") + 1) !== "value"; });
        return queue.seq > before || action ? snapshot() : window.dash_clientside.no_update;
      },
      // Mirror the view into the address bar (keeping a `#figures=` fragment) without reloading and without adding
      // history entries; forget the events it applied.
      syncUrl: function (data) {
        if (!data || typeof data.query !== "string") {
          return window.dash_clientside.no_update;
        }
        acknowledge(data);
        var url = window.location.pathname + "?" + data.query;
        if (window.location.search !== "?" + data.query) {
          window.history.replaceState(null, "", url + window.location.hash);
        }
        document.body.classList.toggle("present", data.mode === "present");
        document.body.classList.toggle("embed", data.mode === "embed");
        showPromised(data.mode === "present" && Array.isArray(data.charts) ? data.charts : []);
        if (data.lang) document.documentElement.lang = data.lang;
        return window.location.origin + url;
      },
      previewSource: function (search) {
        return MAP_PICTURE_PATH + (typeof search === "string" ? search : "");
      },
      // Figures carried by the link this page was opened with.
      linkFigures: function (hash) {
        var carries = typeof hash === "string" && hash.indexOf("#figures=") === 0;
        return carries ? hash : window.dash_clientside.no_update;  // nothing to send, nothing to redraw
      },
      figuresLink: function (fragment) {
        if (typeof fragment !== "string" || !fragment) return "";
        return window.location.origin + window.location.pathname + window.location.search + "#" + fragment;
      },
      pageLinks: function (data) {
        var query = data && typeof data.query === "string" ? "?" + data.query : "";
        return [SOURCES_PATH + query, "/" + query];
      },
      // Map on top, the charts two by two below, each under its own title, with the page title, the view's public
      // link (PUBLIC_URL when set, else this page's address) and the boundary disclaimer on as many lines as it
      // needs, all in the view's language (the page's own words), composed on a canvas from plotly's PNG renderings
      // (which need no network) and saved as one file.
      saveImage: function (nClicks, view, publicUrl) {
        var graphs = Array.prototype.slice.call(document.querySelectorAll(".map .js-plotly-plot, .chart-graph .js-plotly-plot"))
          .filter(function (gd) { return gd && gd.offsetWidth > 0 && window.Plotly; });
        if (!graphs.length) return window.dash_clientside.no_update;
        var text = function (selector, root) {
          var el = (root || document).querySelector(selector);
          return el ? el.textContent.trim() : "";
        };
        var base = typeof publicUrl === "string" && publicUrl ? publicUrl : window.location.origin;
        var link = base + window.location.pathname + window.location.search;
        var notes = [text("#disclaimer")];
        // Figures not checked by this project (dashed, in every chart's legend) are named in the image too.
        var added = graphs.some(function (gd) {
          return (gd.data || []).some(function (tr) { return tr.marker && tr.marker.symbol === "x-thin-open"; });
        });
        if (added) notes.push(text(".added-image-note"));
        var titles = graphs.map(function (gd) {
          var figure = gd.closest("figure");
          if (figure) return text("figcaption > span", figure);
          var bar = gd.data && gd.data[0] && gd.data[0].colorbar && gd.data[0].colorbar.title;
          return bar && bar.text ? bar.text : "";
        });
        Promise.all(graphs.map(function (gd) {
          return window.Plotly.toImage(pictured(gd), {format: "png", width: gd.offsetWidth, height: gd.offsetHeight,
                                                      scale: 1});
        })).then(function (urls) {
          return Promise.all(urls.map(function (url) {
            return new Promise(function (resolve, reject) {
              var img = new Image();
              img.onload = function () { resolve(img); };
              img.onerror = reject;
              img.src = url;
            });
          }));
        }).then(function (images) {
          var pad = 16, width = Math.max(images[0].width + 2 * pad, 1200), half = (width - 3 * pad) / 2;
          var canvas = document.createElement("canvas"), ctx = canvas.getContext("2d");
          var fonts = {title: "bold 24px sans-serif", link: "16px sans-serif", note: "15px sans-serif",
                       chart: "bold 17px sans-serif"};
          // Words broken into lines that fit `room` pixels in `font`.
          var wrap = function (words, font, room) {
            ctx.font = font;
            var lines = [], line = "";
            String(words || "").split(/\s+/).forEach(function (word) {
              var next = line ? line + " " + word : word;
              if (line && ctx.measureText(next).width > room) { lines.push(line); line = word; } else { line = next; }
            });
            if (line) lines.push(line);
            return lines;
          };
          var block = [{font: fonts.title, lines: wrap(text("h1"), fonts.title, width - 2 * pad), height: 32},
                       {font: fonts.link, lines: wrap(link, fonts.link, width - 2 * pad), height: 22}];
          notes.forEach(function (note) {
            block.push({font: fonts.note, lines: wrap(note, fonts.note, width - 2 * pad), height: 20});
          });
          var headerHeight = block.reduce(function (sum, b) { return sum + b.lines.length * b.height + 6; }, pad);
          var captions = titles.map(function (words, k) {
            return wrap(words, fonts.chart, k === 0 ? width - 2 * pad : half);
          });
          var fit = function (img) { return img ? img.height * Math.min(1, half / img.width) : 0; };
          var captionHeight = function (k) { return captions[k] ? captions[k].length * 22 : 0; };
          var mapTop = headerHeight + pad + captionHeight(0), rows = [];
          for (var i = 1; i < images.length; i += 2) {
            rows.push(Math.max(captionHeight(i) + fit(images[i]), captionHeight(i + 1) + fit(images[i + 1])));
          }
          canvas.width = width;
          canvas.height = mapTop + images[0].height + pad + rows.reduce(function (a, b) { return a + b + pad; }, 0);
          ctx.fillStyle = "#ffffff";
          ctx.fillRect(0, 0, canvas.width, canvas.height);
          ctx.fillStyle = "#111111";
          ctx.textBaseline = "top";
          var y = pad;
          block.forEach(function (b) {
            ctx.font = b.font;
            b.lines.forEach(function (line) { ctx.fillText(line, pad, y); y += b.height; });
            y += 6;
          });
          var caption = function (k, x, top) {
            ctx.font = fonts.chart;
            captions[k].forEach(function (line, n) { ctx.fillText(line, x, top + n * 22); });
          };
          caption(0, pad, headerHeight + pad);
          ctx.drawImage(images[0], pad, mapTop);
          y = mapTop + images[0].height + pad;
          for (var j = 1, r = 0; j < images.length; j += 2, r++) {
            [j, j + 1].forEach(function (k, col) {
              var img = images[k];
              if (!img) return;
              var x = pad + col * (half + pad), scale = Math.min(1, half / img.width);
              caption(k, x, y);
              ctx.drawImage(img, x, y + captionHeight(k), img.width * scale, img.height * scale);
            });
            y += rows[r] + pad;
          }
          canvas.toBlob(function (blob) {
            var anchor = document.createElement("a");
            var query = view && typeof view.query === "string" ? view.query : "";
            var year = (query.match(/year=(\d{4})/) || [])[1] || "view";
            anchor.href = URL.createObjectURL(blob);
            anchor.download = "migration-routes_" + year + ".png";
            document.body.appendChild(anchor);
            anchor.click();
            setTimeout(function () { URL.revokeObjectURL(anchor.href); anchor.remove(); }, 1000);
          }, "image/png");
        });
        return window.dash_clientside.no_update;
      },
      closeNotice: function () {
        return true;
      },
      // The <iframe> snippet for this view in embed mode, and the embedded page's link to the full view.
      embedLinks: function (view, publicUrl) {
        if (!view || typeof view.embed !== "string") return [window.dash_clientside.no_update, window.dash_clientside.no_update];
        var base = typeof publicUrl === "string" && publicUrl ? publicUrl : window.location.origin;
        var attr = function (value) {
          return String(value).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
        };
        var snippet = '<iframe src="' + attr(base + "/?" + view.embed) + '" title="' + attr(view.title || "") +
          '" width="100%" height="640" style="border:0" loading="lazy" referrerpolicy="origin"></iframe>';
        return [snippet, base + "/?" + view.full];
      },
      // Redraw a graph whose config names another language than the one it was drawn in, so plotly's toolbar
      // tooltips follow the page (plotly's own locale; the Russian one is served from assets/).
      applyLocale: function () {
        var redrawn = [];
        triggered().forEach(function (t) {
          var id = t.prop_id.slice(0, t.prop_id.lastIndexOf("."));
          var holder = document.getElementById(id), gd = holder && holder.querySelector(".js-plotly-plot");
          var config = t.value;
          if (!gd || !gd.data || !config || !window.Plotly || !gd._context || gd._context.locale === config.locale) return;
          window.Plotly.react(gd, gd.data, gd.layout, config);
          redrawn.push(id);
        });
        return redrawn.length ? redrawn : window.dash_clientside.no_update;
      },
      togglePlay: function (nClicks, disabled) {
        var playing = Boolean(disabled); // it was stopped, so now it plays
        return [!playing, playLabel(playing)];
      }
    }
  });

  // Tell the charts the map has drawn (its first country path exists), or give up waiting after a few seconds so the
  // charts never depend on the map drawing at all.
  var MAP_READY = "map-ready";  // layouts/ids.py MAP_READY
  var MAP_COUNTRY = "#map path.choroplethlocation";
  var MAP_WAIT_MS = 4000;
  function mapReady() {
    // The static picture goes only once the interactive map has drawn: on a slow phone the charts' wait below ends
    // long before (it hid the picture at 10.8 s, 12 s before the map drew, and left a blank map).
    if (document.querySelector(MAP_COUNTRY)) document.body.classList.add("map-ready");
    try {
      window.dash_clientside.set_props(MAP_READY, {data: true});
      return true;
    } catch (e) {
      return false;  // the page is not rendered yet: the next change tries again
    }
  }
  // The renderer shows its own English "Loading..." while it fetches the layout: it says the HTML's words instead,
  // which are in the link's language (app.py). An observer's callback runs before the browser paints again.
  var loadingWords = (document.querySelector("._dash-loading") || {}).textContent;
  function sayLoading() {
    document.querySelectorAll("._dash-loading").forEach(function (el) {
      var words = el.firstChild;  // the renderer's own text node, kept (React still owns it)
      if (loadingWords && words && words.nodeType === 3 && words.nodeValue !== loadingWords) {
        words.nodeValue = loadingWords;
      }
    });
  }
  var watcher = new MutationObserver(function () {
    sayLoading();
    // The dashboard has rendered: its own picture of the map stands in from here (the HTML's one goes), once it
    // shows. It takes the HTML picture's address at once (the browser has it already) rather than wait for the
    // callback that names it, so the map's place is never blank in between.
    var own = document.getElementById("map-preview"), first = document.querySelector(".first-paint .map-preview");
    if (own && !own.getAttribute("src") && first) own.setAttribute("src", first.getAttribute("src"));
    if (own && !document.body.classList.contains("app-ready")) {
      if (own.complete && own.naturalWidth) document.body.classList.add("app-ready");
      else own.addEventListener("load", function () { document.body.classList.add("app-ready"); }, {once: true});
    }
    if (document.querySelector(MAP_COUNTRY)) {
      document.body.classList.add("app-ready");
      if (mapReady()) watcher.disconnect();
    }
  });
  watcher.observe(document, {childList: true, subtree: true});
  (function giveUp() {
    setTimeout(function () { if (mapReady()) watcher.disconnect(); else giveUp(); }, MAP_WAIT_MS);
  })();
  /* Taps on the map's routes. plotly.js reads a tap as its nearest line vertex within 20 px, which on a phone is
     often another route's (a route's vertices lie far apart, the routes run close), and a label's words are no
     target at all (only its marker is): tapping a route selected another one, tapping a label another route or
     none. So the map reads a tap itself: a label's box is that route; else the route line drawn nearest the finger,
     within TAP_PX; the route is selected and its figures shown in its hover, as on a desktop. Anything else (a
     country) is left to plotly.js. */
  var TAP_PX = 16, TAP_MS = 800, tapRead = 0, down = null;

  function mapGraph() {
    return document.querySelector("#map .js-plotly-plot");
  }

  function distanceToSegment(x, y, a, b) {
    var dx = b[0] - a[0], dy = b[1] - a[1], len = dx * dx + dy * dy;
    var k = len ? Math.max(0, Math.min(1, ((x - a[0]) * dx + (y - a[1]) * dy) / len)) : 0;
    return Math.hypot(x - a[0] - k * dx, y - a[1] - k * dy);
  }

  // The route under a point of the screen, with the trace and vertex whose hover shows its figures; or null.
  function routeAt(gd, x, y) {
    var geo = gd._fullLayout && gd._fullLayout.geo && gd._fullLayout.geo._subplot, data = gd._fullData || [];
    if (!geo || !geo.projection) return null;
    var routes = {};
    data.forEach(function (t, i) {
      var id = t.customdata && t.customdata[0] && t.customdata[0][0];
      if (t.mode === "lines" && t.name === id) routes[id] = i;
    });
    var labels = data.filter(function (t) { return t.name === "route-labels"; })[0];
    var found = null;
    gd.querySelectorAll(".scattergeo text").forEach(function (node) {
      var box = node.getBoundingClientRect(), k = labels ? labels.text.indexOf(node.textContent) : -1;
      if (k >= 0 && x >= box.left - 4 && x <= box.right + 4 && y >= box.top - 4 && y <= box.bottom + 4) {
        found = labels.customdata[k];
      }
    });
    var frame = gd.querySelector(".geo .bg rect"), p = geo.projection, clip = p.clipExtent();
    if (!frame) return null;
    var origin = frame.getBoundingClientRect(), best = {d: TAP_PX};
    Object.keys(routes).forEach(function (id) {
      var t = data[routes[id]], prev = null;
      t.lon.forEach(function (lon, k) {
        var lat = t.lat[k];
        if (lon === null || lat === null || lon === undefined) { prev = null; return; }
        var xy = p([lon, lat]), here = [xy[0] + origin.left - clip[0][0], xy[1] + origin.top - clip[0][1]];
        if (prev) {
          var d = distanceToSegment(x, y, prev.at, here) - (t.line && t.line.width ? t.line.width / 2 : 0);
          if (d < best.d && !found) best = {d: d, id: id, k: Math.hypot(x - here[0], y - here[1]) <
            Math.hypot(x - prev.at[0], y - prev.at[1]) ? k : prev.k};
        }
        prev = {at: here, k: k};
      });
    });
    var id = found || best.id;
    if (!id || routes[id] === undefined) return null;
    return {id: id, curve: routes[id], point: found ? Math.floor(data[routes[id]].lon.length / 2) : best.k};
  }

  function showFigures(gd, hit) {
    try {
      window.Plotly.Fx.hover(gd, [{curveNumber: hit.curve, pointNumber: hit.point}], "geo");
    } catch (e) { /* a figure being replaced: the tap still selected the route */ }
  }

  document.addEventListener("pointerdown", function (event) {
    down = event.target && event.target.closest && event.target.closest("#map") ?
      {x: event.clientX, y: event.clientY} : null;
  }, true);
  document.addEventListener("pointerup", function (event) {
    var gd = mapGraph(), start = down;
    down = null;
    if (!gd || !start || !window.Plotly || Math.hypot(event.clientX - start.x, event.clientY - start.y) > 8) return;
    var hit = routeAt(gd, event.clientX, event.clientY);
    if (!hit) return;
    tapRead = Date.now();
    push("click", "map", {points: [{location: null, customdata: [hit.id, ""]}]});
    window.dash_clientside.set_props(EVENTS, {data: snapshot()});
    // The selection redraws the map, which takes the hover away: show the route's figures once it has redrawn.
    var shown = false, again = function () { if (!shown) { shown = true; showFigures(gd, hit); } };
    if (gd.once) gd.once("plotly_afterplot", function () { setTimeout(again, 0); });
    setTimeout(function () { shown = false; again(); }, 1200);
  }, true);

  // The menu button of a narrow screen opens and closes the panel of actions and controls (no server involved).
  document.addEventListener("click", function (event) {
    var button = event.target && event.target.closest && event.target.closest("#controls-toggle");
    if (!button) return;
    var open = document.body.classList.toggle("menu-open");
    button.setAttribute("aria-expanded", open ? "true" : "false");
    button.setAttribute("aria-controls", "header-actions controls-panel");
  });

  // Dash 4's radio items, checklists and sliders render without an accessible name, and their options as ARIA
  // "option"s wrapped round native inputs (an interactive control inside another). The native inputs already say
  // what they are, so the wrappers lose their roles, and each group and slider is named by its field's label.
  function labelFor(id) {
    var label = id && document.querySelector('label[for="' + id + '"]');
    if (label && !label.id) label.id = id + "-label";
    return label;
  }

  function nameControls(root) {
    root.querySelectorAll(".dash-options-list").forEach(function (list) {
      var role = list.classList.contains("dash-radioitems") ? "radiogroup" : "group";
      if (list.getAttribute("role") !== role) list.setAttribute("role", role);
      var label = labelFor(list.id);
      if (label && list.getAttribute("aria-labelledby") !== label.id) list.setAttribute("aria-labelledby", label.id);
    });
    root.querySelectorAll(".dash-options-list-option[role], .dash-options-list-option[aria-selected]")
      .forEach(function (option) { option.removeAttribute("role"); option.removeAttribute("aria-selected"); });
    // A dropdown is reached and named through its button; its hidden helper input leaves the tab order.
    root.querySelectorAll(".dash-dropdown-wrapper").forEach(function (wrapper) {
      var helper = wrapper.querySelector(".dash-dropdown-focus-target"), button = wrapper.querySelector("button.dash-dropdown");
      if (helper && helper.getAttribute("tabindex") !== "-1") helper.setAttribute("tabindex", "-1");
      if (!button) return;
      if (button.getAttribute("tabindex") !== "0") button.setAttribute("tabindex", "0");
      var label = labelFor(button.id), names = label ? label.id + " " + button.id + "-value" : null;
      if (names && button.getAttribute("aria-labelledby") !== names) button.setAttribute("aria-labelledby", names);
    });
    root.querySelectorAll(".dash-slider-container").forEach(function (slider) {
      var label = labelFor(slider.id);
      if (!label) return;
      slider.querySelectorAll('[role="slider"], input').forEach(function (el) {
        if (el.getAttribute("aria-labelledby") !== label.id) el.setAttribute("aria-labelledby", label.id);
      });
    });
  }

  // Watch only the control panels (never the map, whose drawing changes the page all the time).
  var named = [];
  var watch = setInterval(function () {
    ["controls-panel", "header-actions"].forEach(function (id) {
      var root = document.getElementById(id);
      if (!root || named.indexOf(root) >= 0) return;
      named.push(root);
      nameControls(root);
      new MutationObserver(function () { nameControls(root); }).observe(root, {
        subtree: true, childList: true, attributes: true, attributeFilter: ["role", "aria-selected", "tabindex", "aria-labelledby"]});
    });
    if (named.length === 2) clearInterval(watch);
  }, 200);

  // The map as the PNG export draws it: on screen its legend is the page's own (beside or under the map), so the
  // picture turns on the figure's colour bars and line note, which carry the same scales and words.
  function pictured(gd) {
    if (!gd.closest(".map")) return gd;
    var data = gd.data.map(function (t) {
      if (t.type === "choropleth") return Object.assign({}, t, {showscale: true});
      if (t.name === "risk-legend") return Object.assign({}, t, {marker: Object.assign({}, t.marker, {showscale: true})});
      return t;
    });
    var annotations = (gd.layout.annotations || []).map(function (a) { return Object.assign({}, a, {visible: true}); });
    return {data: data, layout: Object.assign({}, gd.layout, {annotations: annotations}),
            config: {topojsonURL: gd._context.topojsonURL}};
  }

  function isTyping(target) {
    if (!target) return false;
    var tag = target.tagName || "";
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable ||
      target.getAttribute("role") === "slider";
  }

  // A choice among options (a radio or a checkbox, such as the language switch).
  function isChoice(target) {
    return Boolean(target && target.tagName === "INPUT" && (target.type === "radio" || target.type === "checkbox"));
  }

  // Out of a control and back to the page, so the next key is the presenter's again.
  function leaveControl() {
    var active = document.activeElement;
    if (active && active !== document.body && active.blur) active.blur();
  }

  // A language picked with the keyboard in presenter mode (an arrow key on the switch): once it is picked the focus
  // leaves the switch, so the next arrow steps the presentation instead of picking the next language.
  document.addEventListener("change", function (event) {
    if (!document.body.classList.contains("present") || !isChoice(event.target)) return;
    if (!event.target.closest || !event.target.closest(".lang-switch")) return;
    setTimeout(leaveControl, 0);
  });

  // Presenter keys: arrows step the year (or scene), space plays or pauses, Escape leaves presenter mode, wherever
  // the focus is (listened to on the way down, before a control handles the key). Outside presenter mode, Escape
  // takes the focus out of a radio or checkbox, back to the page.
  document.addEventListener("keydown", function (event) {
    if (!document.body.classList.contains("present")) {
      if (event.key === "Escape" && isChoice(event.target)) leaveControl();
      return;
    }
    if (event.key === "Escape") {
      event.preventDefault();
      leaveControl();
      push("key", "escape");
      window.dash_clientside.set_props(EVENTS, {data: snapshot()});
      return;
    }
    if (isTyping(event.target)) return;
    if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
      event.preventDefault();
      push("key", event.key === "ArrowRight" ? "right" : "left");
      window.dash_clientside.set_props(EVENTS, {data: snapshot()});
    } else if (event.key === " ") {
      event.preventDefault();
      var play = document.getElementById("play-button");
      if (play) play.click();
    }
  }, true);
})();

/* Keyboard reach: the charts' toolbars out of the tab order, the copy buttons in it, and an exact name first. */
(function () {
  "use strict";

  // plotly.js makes every toolbar button a tab stop (61 of 110 stops on the page); they stay for the mouse (the
  // image and table alternatives are the page's own controls). dcc.Clipboard renders a <div>, out of the tab order:
  // it becomes a named button. Done just before the focus moves, so no observer watches the drawing of the graphs.
  function arrangeTabStops() {
    document.querySelectorAll(".modebar-btn:not([tabindex='-1'])").forEach(function (b) {
      b.setAttribute("tabindex", "-1");
    });
    document.querySelectorAll(".clipboard:not([tabindex])").forEach(function (c) {
      c.setAttribute("tabindex", "0");
      c.setAttribute("role", "button");
      var label = c.getAttribute("title") || c.getAttribute("data-label");
      if (label && !c.getAttribute("aria-label")) c.setAttribute("aria-label", label);
    });
  }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Tab") { arrangeTabStops(); return; }
    var copy = event.target && event.target.classList && event.target.classList.contains("clipboard");
    if (copy && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      event.target.click();
    }
  }, true);
  document.addEventListener("focusin", arrangeTabStops, true);

  // A dropdown's search picks its first match on Enter, and the first match of "Guinea" is "Equatorial Guinea": an
  // option whose name is exactly what was typed is picked instead. Before the dropdown's own handler (capture).
  window.addEventListener("keyup", function (event) {
    var search = event.target;
    if (event.key !== "Enter" || !search || !search.classList || !search.classList.contains("dash-dropdown-search")) {
      return;
    }
    var typed = search.value.trim().toLocaleLowerCase();
    var options = Array.prototype.slice.call(document.querySelectorAll(".dash-dropdown-option"));
    var exact = options.filter(function (o) { return o.textContent.trim().toLocaleLowerCase() === typed; })[0];
    if (!typed || !exact || exact === options[0]) return;
    event.stopPropagation();
    exact.click();
  }, true);
})();

/* The page's language from its first paint: the renderer asks for the layout in the language the server read from
   the link (the document's `lang`, web/preview.py), not the English one a bare address gets (app.py). Before the
   renderer starts: this file is loaded ahead of it. */
(function () {
  "use strict";
  var lang = document.documentElement.lang, fetch = window.fetch;
  if (!lang || lang === "en" || !fetch) return;
  window.fetch = function (resource, init) {
    if (typeof resource === "string" && /_dash-layout$/.test(resource)) {
      resource += "?lang=" + encodeURIComponent(lang);
    }
    return fetch.call(this, resource, init);
  };
})();
