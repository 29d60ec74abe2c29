/* deckbuild serve: live reload that keeps your place. Injected into the served page only.
 *
 * The server announces each build on /_deckbuild/events (Server-Sent Events) as
 * {version, shell, error}. When only the slides changed (same shell), their HTML is swapped
 * in place and Reveal.sync() + setState() put you back on the same slide and fragment, with
 * nothing repainted in between. When the rest of the page changed (theme, CSS, settings), the
 * page reloads and the state is carried over in sessionStorage. An error shows as an overlay
 * over the last good deck.
 */
(function () {
  "use strict";
  var me = window.__deckbuild;
  var KEY = "deckbuild-serve-state:" + location.pathname;
  var receiver = /[?&]receiver/.test(location.search); // the speaker view's preview frames
  var latest = null;
  var busy = false;

  function reveal() {
    return window.Reveal && Reveal.isReady && Reveal.isReady() ? Reveal : null;
  }

  function restore() {
    var saved = receiver ? null : sessionStorage.getItem(KEY);
    if (!saved || !window.Reveal) return;
    sessionStorage.removeItem(KEY);
    var state = JSON.parse(saved);
    if (reveal()) Reveal.setState(state);
    else Reveal.on("ready", function () { Reveal.setState(state); });
  }

  function reload() {
    var r = reveal();
    if (r && !receiver) sessionStorage.setItem(KEY, JSON.stringify(r.getState()));
    location.reload();
  }

  function swap(html, version) {
    var r = reveal();
    var slides = document.querySelector(".reveal .slides");
    if (!r || !slides) return reload();
    var state = r.getState();
    slides.innerHTML = html;
    // What the page's own scripts did to the slides at load, done again to the new ones
    // (Quarto's auto-stretch); drawing.js draws the interactive outputs on `slidechanged`.
    if (window.deckbuildStretch) slides.querySelectorAll("section").forEach(window.deckbuildStretch);
    r.sync();
    r.setState(state);
    me.version = version;
    // Tell listeners (the notes plugin's speaker view) that the current slide is new.
    var event = new Event("slidechanged", { bubbles: true });
    event.indexh = state.indexh; event.indexv = state.indexv;
    event.currentSlide = r.getCurrentSlide(); event.previousSlide = null;
    r.getRevealElement().dispatchEvent(event);
    document.dispatchEvent(new CustomEvent("deckbuild:updated", { detail: { version: version } }));
  }

  function update() {
    if (busy || !latest || latest.version === me.version) return;
    if (latest.shell !== me.shell) return reload();
    busy = true;
    fetch("/_deckbuild/slides", { cache: "no-store" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        if (response.headers.get("X-Deckbuild-Shell") !== me.shell) throw new Error("new shell");
        var version = response.headers.get("X-Deckbuild-Version");
        return response.text().then(function (html) { swap(html, version); });
      })
      .then(function () { busy = false; update(); }, function () { busy = false; reload(); });
  }

  function overlay(message) {
    var box = document.getElementById("deckbuild-error");
    if (!message) {
      if (box) box.remove();
      return;
    }
    if (!box) {
      box = document.createElement("div");
      box.id = "deckbuild-error";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;left:0;right:0;top:0;z-index:2147483647;margin:0;" +
        "padding:14px 20px;background:#2b0b0e;color:#fff;border-bottom:4px solid #e5484d;" +
        "font:15px/1.45 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap;" +
        "max-height:60vh;overflow:auto;text-align:left;box-shadow:0 4px 16px rgba(0,0,0,.4)";
      document.body.appendChild(box);
    }
    var lines = message.split("\n");
    box.textContent = "";
    var head = document.createElement("strong");
    head.textContent = lines[0];
    box.appendChild(head);
    if (lines.length > 1) {
      var rest = document.createElement("div");
      rest.style.cssText = "margin-top:8px;opacity:.85;font-size:13px";
      rest.textContent = lines.slice(1).join("\n");
      box.appendChild(rest);
    }
  }

  restore();
  var events = new EventSource("/_deckbuild/events");
  me.events = events; // other clients on the page (present's) listen to the same stream
  events.onmessage = function (event) {
    latest = JSON.parse(event.data);
    if (!receiver) overlay(latest.error);
    update();
  };
})();
