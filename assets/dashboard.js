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
