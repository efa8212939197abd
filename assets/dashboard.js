/* Browser-side behaviour that needs no server: URL bar, share box, presenter mode, play button, keyboard. */
(function () {
  "use strict";

  function playLabel(playing) {
    return playing ? "\u23f8" : "\u25b6";
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    dashboard: {
      // Mirror the view into the address bar without reloading and without adding history entries.
      syncUrl: function (data) {
        if (!data || typeof data.query !== "string") {
          return window.dash_clientside.no_update;
        }
        var url = window.location.pathname + "?" + data.query;
        if (window.location.search !== "?" + data.query) {
          window.history.replaceState(null, "", url);
        }
        document.body.classList.toggle("present", data.mode === "present");
        if (data.lang) document.documentElement.lang = data.lang;
        return window.location.origin + url;
      },
      pageLinks: function (data) {
        var query = data && typeof data.query === "string" ? "?" + data.query : "";
        return ["/sources" + query, "/" + query];
      },
      // Map on top, the charts two by two below, with the page title, the view's link and the boundary disclaimer,
      // composed on a canvas from plotly's own PNG renderings (which need no network) and saved as one file.
      saveImage: function (nClicks, view) {
        var ids = ["map", "chart-detections", "chart-deaths", "chart-risk", "chart-syria", "chart-ukraine"];
        var graphs = ids.map(function (id) {
          var host = document.getElementById(id);
          return host && host.querySelector(".js-plotly-plot");
        }).filter(function (gd) { return gd && gd.offsetWidth > 0 && window.Plotly; });
        if (!graphs.length) return window.dash_clientside.no_update;
        var text = function (selector) {
          var el = document.querySelector(selector);
          return el ? el.textContent.trim() : "";
        };
        var header = [text("h1"), window.location.href, text("#disclaimer")];
        Promise.all(graphs.map(function (gd) {
          return window.Plotly.toImage(gd, {format: "png", width: gd.offsetWidth, height: gd.offsetHeight, scale: 1});
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
          var pad = 16, line = 26, width = images[0].width + 2 * pad, half = (width - 3 * pad) / 2;
          var top = pad + header.length * line + pad, y = top + images[0].height + pad, rows = [];
          var fit = function (img) { return img ? img.height * Math.min(1, half / img.width) : 0; };
          for (var i = 1; i < images.length; i += 2) rows.push(Math.max(fit(images[i]), fit(images[i + 1])));
          var canvas = document.createElement("canvas");
          canvas.width = width;
          canvas.height = y + rows.reduce(function (a, b) { return a + b + pad; }, 0);
          var ctx = canvas.getContext("2d");
          ctx.fillStyle = "#ffffff";
          ctx.fillRect(0, 0, canvas.width, canvas.height);
          ctx.fillStyle = "#111111";
          header.forEach(function (words, k) {
            ctx.font = (k === 0 ? "bold 22px" : "15px") + " sans-serif";
            ctx.fillText(words, pad, pad + (k + 1) * line - 6, width - 2 * pad);
          });
          ctx.drawImage(images[0], pad, top);
          for (var j = 1, r = 0; j < images.length; j += 2, r++) {
            [images[j], images[j + 1]].forEach(function (img, col) {
              if (!img) return;
              var scale = Math.min(1, half / img.width);
              ctx.drawImage(img, pad + col * (half + pad), y, img.width * scale, img.height * scale);
            });
            y += rows[r] + pad;
          }
          canvas.toBlob(function (blob) {
            var link = document.createElement("a");
            var query = view && typeof view.query === "string" ? view.query : "";
            var year = (query.match(/year=(\d{4})/) || [])[1] || "view";
            link.href = URL.createObjectURL(blob);
            link.download = "migration-routes_" + year + ".png";
            document.body.appendChild(link);
            link.click();
            setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
          }, "image/png");
        });
        return window.dash_clientside.no_update;
      },
      togglePlay: function (nClicks, disabled) {
        var playing = Boolean(disabled); // it was stopped, so now it plays
        return [!playing, playLabel(playing)];
      }
    }
  });

  function isTyping(target) {
    if (!target) return false;
    var tag = target.tagName || "";
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable ||
      target.getAttribute("role") === "slider";
  }

  // Running totals of key presses: the server steps by the difference from the totals it last applied, so
  // presses that arrive while a callback is still in flight, or whose request a newer one replaced, are never lost.
  var presses = {right: 0, left: 0, escape: 0};

  // Presenter keys: arrows step the year (or scene), space plays or pauses, Escape leaves presenter mode.
  document.addEventListener("keydown", function (event) {
    if (!document.body.classList.contains("present") || isTyping(event.target)) return;
    if (event.key === "ArrowRight" || event.key === "ArrowLeft" || event.key === "Escape") {
      event.preventDefault();
      if (event.key === "ArrowRight") presses.right += 1;
      if (event.key === "ArrowLeft") presses.left += 1;
      if (event.key === "Escape") presses.escape += 1;
      window.dash_clientside.set_props("key-event", {
        data: {key: event.key, right: presses.right, left: presses.left, escape: presses.escape}
      });
    } else if (event.key === " ") {
      event.preventDefault();
      var play = document.getElementById("play-button");
      if (play) play.click();
    }
  });
})();
