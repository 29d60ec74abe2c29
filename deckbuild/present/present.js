/* deckbuild present: live cells on the slides. Served by `deckbuild present` only.
 *
 * Each live cell has a marker before it (<script type="application/json"
 * class="deckbuild-live">: id, source, language, executor). This turns the cell into a small
 * notebook cell: an editor over its code (code-input: a textarea under the highlighted code,
 * highlighted by the server's Pygments, so it looks as the deck does), Run / Stop / Reset
 * buttons, the built outputs, and a place where a live run's outputs stream in.
 *
 * The server is the one source of truth: a Run is a POST; what happens (the run starting,
 * each change to its outputs, its end, a kernel's state) comes back on the page's event
 * stream, the one serve's client opened, to every window: the deck and the speaker view's
 * previews show the same thing. Outputs arrive as HTML made on the server, as changes: block
 * i is now this; there are n blocks. The speaker view's current-slide preview also draws
 * the kernels' states into the speaker window, with a Restart button for each.
 */
(function () {
  "use strict";
  var me = window.__present;
  var serve = window.__deckbuild;
  if (!me || !serve || !serve.events) return;
  var receiver = /[?&]receiver/.test(location.search);
  var speakerPreview = receiver && /[?&]postMessageEvents=true/.test(location.search);
  var ACTIVE = { waiting: true, running: true };
  var cells = {};   // id → this page's controls of that cell
  var states = {};  // id → the server's word on the cell's last run: {run, code, status, blocks, notice}
  var kernels = [];
  var highlighted = {};

  function post(action, body) {
    return fetch("/_present/" + action, {
      method: "POST", cache: "no-store", body: JSON.stringify(body),
      headers: { "Content-Type": "application/json", "X-Deckbuild-Token": me.token }
    }).then(function (response) {
      return response.json().then(function (answer) {
        if (!response.ok) throw new Error(answer.error || "HTTP " + response.status);
        return answer;
      });
    });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  // -- the editor ----------------------------------------------------------------------

  function highlight(code, input) {
    if (code.parentElement) code.parentElement.classList.add("code");
    var text = input.value, language = input.getAttribute("language") || "";
    var key = language + "\n" + text;
    if (highlighted[key] != null) { code.innerHTML = highlighted[key]; return; }
    var ticket = code.__ticket = (code.__ticket || 0) + 1;
    post("highlight", { code: text, language: language }).then(function (answer) {
      highlighted[key] = answer.html + "\n";
      if (code.__ticket === ticket) code.innerHTML = highlighted[key];
    }, function () { /* the plain text stays */ });
  }

  if (window.codeInput && !codeInput.usedTemplates.deckbuild) {
    // No on-screen hint (it pushes the code down while it shows, and moves the buttons under
    // the pointer): the editor's label says it instead.
    var quiet = { tabForIndentation: "", tabForNavigation: "" };
    var plugins = codeInput.plugins && codeInput.plugins.Indent
      ? [new codeInput.plugins.Indent(true, 4, { "(": ")", "[": "]", "{": "}" }, true, quiet)] : [];
    codeInput.registerTemplate("deckbuild", new codeInput.Template(highlight, true, true, true, plugins));
  }

  function editor(cell, codeBox, marker) {
    var pre = codeBox.querySelector("pre");
    var input = document.createElement("code-input");
    input.setAttribute("template", "deckbuild");
    input.setAttribute("language", marker.language);
    input.setAttribute("aria-label", "Code of the live cell (Tab indents; Escape, then Tab, leaves)");
    input.className = "live-editor";
    input.innerHTML = escapeHtml(marker.source);
    if (pre) { pre.hidden = true; pre.insertAdjacentElement("afterend", input); } else codeBox.appendChild(input);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey || event.shiftKey)) {
        event.preventDefault();
        run(cell);
      }
      event.stopPropagation(); // typing is not navigating
    });
    return input;
  }

  function code(cell) {
    return cell.input && cell.input.textareaElement ? cell.input.value : cell.source;
  }

  function setCode(cell, text) {
    if (cell.input && cell.input.textareaElement && cell.input.value !== text) cell.input.value = text;
  }

  // -- a cell's controls ---------------------------------------------------------------

  function button(label, title, action) {
    var node = element("button", "live-" + label.toLowerCase(), label);
    node.type = "button";
    node.title = title;
    node.addEventListener("click", function (event) { event.stopPropagation(); action(); });
    return node;
  }

  function setup(marker) {
    var described = JSON.parse(marker.textContent);
    var box = marker.nextElementSibling;
    if (!box || !box.classList.contains("cell")) {
      box = element("div", "cell");
      marker.insertAdjacentElement("afterend", box);
    }
    var cell = { id: described.id, source: described.source, executor: described.executor, box: box };
    box.classList.add("live-cell");
    box.setAttribute("data-live-cell", cell.id);
    var columns = box.classList.contains("column-output-location") ? box.querySelectorAll(":scope > .column") : [];
    var holder = columns.length > 1 ? columns[1] : box;
    var codeBox = box.querySelector(".cell-code");
    cell.input = codeBox && described.editable ? editor(cell, codeBox, described) : null;

    cell.cached = element("div", "live-cached");
    var built = [].filter.call(holder.children, function (child) { return /(^|\s)cell-output/.test(child.className); });
    if (built.length) built[0].insertAdjacentElement("beforebegin", cell.cached);
    else holder.appendChild(cell.cached);
    built.forEach(function (child) { cell.cached.appendChild(child); });
    cell.outputs = element("div", "live-outputs");
    cell.outputs.setAttribute("aria-live", "polite");
    cell.outputs.hidden = true;
    cell.cached.insertAdjacentElement("afterend", cell.outputs);

    var controls = element("div", "live-controls");
    cell.runButton = button("Run", "Run this cell on " + cell.executor + " (R, or Ctrl+Enter in the code)",
      function () { run(cell); });
    cell.stopButton = button("Stop", "Interrupt the kernel", function () { post("stop", { cell: cell.id }); });
    cell.stopButton.hidden = true;
    cell.resetButton = button("Reset", "Restore the code from the source and the built output", function () {
      setCode(cell, cell.source);
      post("reset", { cell: cell.id });
    });
    cell.notice = element("span", "live-notice");
    cell.notice.setAttribute("role", "status");
    controls.append(cell.runButton, cell.stopButton, cell.resetButton, cell.notice);
    if (codeBox) codeBox.insertAdjacentElement("afterend", controls);
    else box.insertBefore(controls, box.firstChild);
    cells[cell.id] = cell;
    var state = states[cell.id];
    if (state && state.code) setCode(cell, state.code);
    show(cell.id, true);
  }

  function setupAll() {
    cells = {};
    document.querySelectorAll(".reveal .slides script.deckbuild-live").forEach(setup);
  }

  function run(cell) {
    var state = states[cell.id];
    if (state && ACTIVE[state.status]) return post("stop", { cell: cell.id });
    cell.notice.textContent = "";
    post("run", { cell: cell.id, code: code(cell) }).catch(function (error) {
      cell.notice.textContent = String(error.message || error);
    });
  }

  // -- what the server says ------------------------------------------------------------

  function show(id, redraw) {
    var cell = cells[id], state = states[id];
    if (!cell) return;
    var status = state ? state.status : "built";
    var live = state && status !== "unavailable";
    cell.box.setAttribute("data-status", status);
    cell.runButton.hidden = !!(state && ACTIVE[status]);
    cell.stopButton.hidden = !cell.runButton.hidden;
    cell.cached.hidden = !!live;
    cell.outputs.hidden = !live;
    cell.notice.textContent = state ? state.notice || (status === "waiting" ? "waiting for the kernel…" :
      status === "stopped" ? "stopped" : "") : "";
    if (redraw) {
      cell.outputs.textContent = "";
      if (live) state.blocks.forEach(function (html, index) { place(cell, index, html); });
    }
    if (window.Reveal && Reveal.isReady && Reveal.isReady()) Reveal.layout();
  }

  function place(cell, index, html) {
    var block = cell.outputs.children[index];
    if (!block) {
      block = element("div", "live-block");
      cell.outputs.appendChild(block);
    }
    block.innerHTML = html;
  }

  function onRun(data) {
    var state = states[data.cell];
    if (!state || state.run !== data.run) {
      if (state && data.run < state.run) return;
      state = states[data.cell] = { run: data.run, code: "", status: data.status, blocks: [], notice: "" };
      if (cells[data.cell]) cells[data.cell].outputs.textContent = "";
    }
    state.status = data.status;
    state.notice = data.notice || "";
    if (data.code != null) {
      state.code = data.code;
      if (cells[data.cell]) setCode(cells[data.cell], data.code); // started in another window
    }
    show(data.cell, false);
  }

  function onOutputs(data) {
    var state = states[data.cell], cell = cells[data.cell];
    if (!state || state.run !== data.run) return;
    data.changes.forEach(function (change) {
      state.blocks[change[0]] = change[1];
      if (cell) place(cell, change[0], change[1]);
    });
    state.blocks.length = data.length;
    if (cell) while (cell.outputs.children.length > data.length) cell.outputs.lastChild.remove();
    show(data.cell, false);
  }

  serve.events.addEventListener("present", function (event) {
    var data = JSON.parse(event.data);
    if (data.kind === "snapshot") {
      states = data.cells;
      kernels = data.kernels;
      Object.keys(cells).forEach(function (id) {
        if (states[id] && states[id].code) setCode(cells[id], states[id].code);
        show(id, true);
      });
      drawKernels();
    } else if (data.kind === "kernels") {
      kernels = data.kernels;
      drawKernels();
    } else if (data.kind === "reset") {
      delete states[data.cell];
      if (cells[data.cell]) setCode(cells[data.cell], cells[data.cell].source);
      show(data.cell, true);
    } else if (data.kind === "run") {
      onRun(data);
    } else if (data.kind === "outputs") {
      onOutputs(data);
    }
  });

  // -- the speaker view: each executor's kernel ----------------------------------------

  function speakerPanel() {
    if (!speakerPreview) return null;
    var doc;
    try { doc = window.parent.document; } catch (error) { return null; }
    var host = doc.getElementById("speaker-controls");
    if (!host) return null;
    var panel = doc.getElementById("deckbuild-kernels");
    if (!panel) {
      panel = doc.createElement("div");
      panel.id = "deckbuild-kernels";
      panel.className = "speaker-controls-kernels";
      panel.style.cssText = "padding:10px 20px;border-bottom:1px solid rgba(200,200,200,.5);font-size:14px";
      var notes = host.querySelector(".speaker-controls-notes");
      host.insertBefore(panel, notes || null);
    }
    return panel;
  }

  function drawKernels() {
    var panel = speakerPanel();
    if (!panel) return;
    var doc = panel.ownerDocument;
    panel.textContent = "";
    var head = doc.createElement("h4");
    head.className = "label";
    head.textContent = "Kernels";
    head.style.cssText = "margin:0 0 6px;font-size:12px;text-transform:uppercase;color:#bbb";
    panel.appendChild(head);
    var list = doc.createElement("ul");
    list.style.cssText = "list-style:none;margin:0;padding:0";
    kernels.forEach(function (kernel) {
      var row = doc.createElement("li");
      row.className = "kernel state-" + kernel.state.replace(/\s+/g, "-");
      row.setAttribute("data-executor", kernel.name);
      row.style.cssText = "margin:2px 0;display:flex;gap:8px;align-items:center;flex-wrap:wrap";
      var name = doc.createElement("strong");
      name.textContent = kernel.name;
      var where = doc.createElement("span");
      where.className = "where";
      where.textContent = kernel.where;
      where.style.opacity = ".7";
      var state = doc.createElement("span");
      state.className = "state";
      state.textContent = kernel.state;
      state.style.color = { idle: "#7c7", busy: "#fc6", starting: "#fc6", unreachable: "#f88", dead: "#f88" }[kernel.state] || "#bbb";
      if (kernel.problem) state.title = kernel.problem;
      var restart = doc.createElement("button");
      restart.type = "button";
      restart.textContent = "Restart";
      restart.title = "A fresh kernel for " + kernel.name + ", the deck's cells run again";
      restart.addEventListener("click", function () { post("restart", { executor: kernel.name }); });
      row.append(name, where, state, restart);
      list.appendChild(row);
    });
    panel.appendChild(list);
  }

  // -- keys, and the slides being swapped by serve's client ----------------------------

  function currentCell() {
    var slide = window.Reveal && Reveal.getCurrentSlide ? Reveal.getCurrentSlide() : null;
    var found = slide ? slide.querySelector("[data-live-cell]") : null;
    return found ? cells[found.getAttribute("data-live-cell")] : null;
  }

  function bindKeys() {
    if (receiver || !Reveal.addKeyBinding) return;
    Reveal.addKeyBinding({ keyCode: 82, key: "R", description: "Run the live cell on this slide (Stop while it runs)" },
      function () { var cell = currentCell(); if (cell) run(cell); });
  }

  setupAll();
  document.addEventListener("deckbuild:updated", setupAll);
  if (window.Reveal) {
    if (Reveal.isReady && Reveal.isReady()) bindKeys();
    else Reveal.on("ready", bindKeys);
  }
})();
