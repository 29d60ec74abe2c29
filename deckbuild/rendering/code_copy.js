// Quarto's `code-copy` (code_look.py): a copy button on each code block, shown always (`true`) or
// when the pointer is over the block or the button has focus (`hover`). It copies the code as the
// author wrote it: one line per `.line` (the first copy of a stepped block), without the
// annotation markers; line numbers are CSS counters, never text. Print CSS hides the buttons;
// slides that `deckbuild serve` swaps in get theirs too.
((mode) => {
  const codeText = (block) => {
    const code = block.querySelector("pre code");
    if (!code) return "";
    const lines = code.querySelectorAll(":scope .line");
    if (!lines.length) return code.textContent;
    return Array.from(lines, (line) => {
      const copy = line.cloneNode(true);
      copy.querySelectorAll(".code-annotation-anchor").forEach((marker) => marker.remove());
      return copy.textContent;
    }).join("\n");
  };
  const write = (text) => {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    const area = document.createElement("textarea");  // file:// in an older browser: the old way
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    const done = document.execCommand("copy");
    area.remove();
    return done ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  };
  const ICON = '<svg aria-hidden="true" focusable="false" viewBox="0 0 16 16" width="1em" height="1em">' +
    '<rect x="5" y="5" width="9" height="10" rx="1.5" fill="none" stroke="currentColor" stroke-width="1.4"/>' +
    '<path d="M3.5 11H3a1 1 0 0 1-1-1V2a1 1 0 0 1 1-1h7a1 1 0 0 1 1 1v.5" fill="none" stroke="currentColor" stroke-width="1.4"/></svg>';
  const label = "Copy code";
  const addButton = (block) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "code-copy-button";
    button.setAttribute("aria-label", label);
    button.title = label;
    button.innerHTML = ICON;
    button.addEventListener("keydown", (event) => event.stopPropagation());  // Space copies; it does not turn the slide
    button.addEventListener("click", (event) => {
      event.stopPropagation();
      write(codeText(block)).then(() => {
        button.classList.add("code-copy-button-checked");
        button.setAttribute("aria-label", "Copied");
        button.title = "Copied";
        setTimeout(() => {
          button.classList.remove("code-copy-button-checked");
          button.setAttribute("aria-label", label);
          button.title = label;
        }, 1500);
      }, () => { button.title = "Copying is not allowed here"; });
    });
    block.classList.add("code-copy-" + mode);
    block.appendChild(button);
  };
  const addAll = () => document.querySelectorAll(".reveal .slides div.sourceCode").forEach((block) => {
    if (!block.querySelector(":scope > .code-copy-button")) addButton(block);
  });
  addAll();
  document.addEventListener("deckbuild:updated", addAll);  // `deckbuild serve` swapped in new slides
})
