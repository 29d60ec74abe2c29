// Code annotations (code_blocks.py): `below` highlights a list item's lines when it is clicked;
// `hover` and `select` show an item as a tooltip by its marker, on hover or on click. Printing
// shows the lists (CSS) and opens every folded block (`code-fold`): a PDF cannot be clicked.
(() => {
  const lines = (cell, numbers) => {
    const wanted = new Set(String(numbers).split(",").filter(Boolean).map(Number));
    const found = [];
    for (const code of cell.querySelectorAll("pre code")) {
      code.querySelectorAll(":scope .line").forEach((line, index) => { if (wanted.has(index + 1)) found.push(line); });
    }
    return found;
  };
  const item = (cellId, number) =>
    document.querySelector(`dd span[data-code-cell="${cellId}"][data-code-annotation="${number}"]`);
  let shown = "";
  const clear = () => {
    shown = "";
    document.querySelectorAll(".code-annotation-line-highlight").forEach((l) => l.classList.remove("code-annotation-line-highlight"));
    document.querySelectorAll(".code-annotation-active").forEach((b) => b.classList.remove("code-annotation-active"));
    document.querySelectorAll(".code-annotation-tip").forEach((t) => t.remove());
  };
  const show = (cellId, number, button) => {
    clear();
    const cell = document.getElementById(cellId);
    const text = item(cellId, number);
    if (!cell || !text) return;
    lines(cell, text.dataset.codeLines).forEach((l) => l.classList.add("code-annotation-line-highlight"));
    if (!button) return;
    button.classList.add("code-annotation-active");
    const tip = document.createElement("div");
    tip.className = "code-annotation-tip";
    tip.setAttribute("role", "tooltip");
    tip.innerHTML = text.innerHTML;
    cell.appendChild(tip);
    tip.style.top = `${button.offsetTop + button.offsetHeight + 4}px`;
    tip.style.left = `${Math.max(0, button.offsetLeft + button.offsetWidth - tip.offsetWidth)}px`;
  };
  const modeOf = (cellId) => (document.getElementById(cellId) || {dataset: {}}).dataset.codeAnnotations;
  document.addEventListener("mouseover", (event) => {
    const button = event.target.closest && event.target.closest("button.code-annotation-anchor");
    if (button && modeOf(button.dataset.targetCell) === "hover") show(button.dataset.targetCell, button.dataset.targetAnnotation, button);
  });
  document.addEventListener("mouseout", (event) => {
    const button = event.target.closest && event.target.closest("button.code-annotation-anchor");
    if (button && modeOf(button.dataset.targetCell) === "hover") clear();
  });
  document.addEventListener("click", (event) => {
    const target = event.target.closest && event.target.closest("button.code-annotation-anchor, dl.code-annotation-container-grid dt, dl.code-annotation-container-grid dd");
    if (!target) return;
    const dt = target.tagName === "DD" ? target.previousElementSibling : target;
    const cellId = dt.dataset.targetCell, number = dt.dataset.targetAnnotation;
    if (target.tagName === "BUTTON" && modeOf(cellId) === "hover") return;
    const key = `${cellId}/${number}`;
    if (shown === key) { clear(); return; }
    show(cellId, number, target.tagName === "BUTTON" ? target : null);
    shown = key;
  });
  if (/print-pdf/i.test(window.location.search)) {
    document.querySelectorAll("details.code-fold").forEach((d) => { d.open = true; });
  }
})();
