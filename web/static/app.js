// paceline's dashboard script: the sequence editor's validate-as-you-type and preview.
// Everything shown comes from the server as text and is inserted with textContent,
// never as HTML.
"use strict";

// Copy buttons on the tasks page: the text to paste goes to the clipboard.
document.addEventListener("click", async (ev) => {
  const btn = ev.target.closest("button[data-copy]");
  if (!btn) return;
  const src = document.getElementById(btn.dataset.copy);
  if (!src) return;
  try {
    await navigator.clipboard.writeText(src.textContent);
    btn.textContent = "Copied";
  } catch (e) {
    // No clipboard (an insecure origin, a refusal): select the text to copy by hand.
    const range = document.createRange();
    range.selectNodeContents(src);
    const sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    btn.textContent = "Selected: press Ctrl-C";
  }
});

(function () {
  const yaml = document.getElementById("yaml");
  if (!yaml) return;
  const meta = document.querySelector('meta[name="csrf-token"]');
  const csrf = meta ? meta.content : "";
  const status = document.getElementById("status");
  const problems = document.getElementById("problems");
  const warnings = document.getElementById("warnings");
  const lead = document.getElementById("lead");
  const preview = document.getElementById("preview");
  let timer = null;
  let seq = 0;

  async function post(path, body) {
    const res = await fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(body),
      credentials: "same-origin",
    });
    const data = await res.json();
    if (!res.ok) throw new Error(data.error ? data.error.message : res.statusText);
    return data;
  }

  function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); }

  async function check() {
    const mine = ++seq;
    let v;
    try {
      v = await post("/sequences/validate", { yaml: yaml.value });
    } catch (e) {
      status.textContent = "Cannot check: " + e.message;
      status.className = "status bad";
      return;
    }
    if (mine !== seq) return; // a newer check is on its way
    clear(problems);
    if (warnings) clear(warnings);
    if (v.valid) {
      const warned = v.warnings ? v.warnings.length : 0;
      status.textContent = "Valid: " + v.steps.length + (v.steps.length === 1 ? " step (" : " steps (") + v.steps.map(s => s.id + " " + s.kind).join(", ") + ")" +
        (warned ? ", " + warned + (warned === 1 ? " warning" : " warnings") : "");
      status.className = "status ok";
      // Warnings refuse nothing: listed apart from the problems.
      if (warnings) list(warnings, v.warnings || [], "Warning: ");
      render();
    } else {
      status.textContent = v.errors.length + (v.errors.length === 1 ? " problem" : " problems");
      status.className = "status bad";
      list(problems, v.errors, "");
      clear(preview);
    }
  }

  // list shows each of a check's problems or warnings with its line and step.
  function list(ul, items, prefix) {
    for (const e of items) {
      const li = document.createElement("li");
      let where = [];
      if (e.line) where.push("line " + e.line);
      if (e.step) where.push("step " + e.step);
      li.textContent = prefix + (where.length ? where.join(", ") + ": " : "") + e.message;
      ul.appendChild(li);
    }
  }

  async function render() {
    if (!lead || !lead.value) return;
    let out;
    try {
      out = await post("/sequences/preview", { yaml: yaml.value, lead_id: Number(lead.value) });
    } catch (e) {
      clear(preview);
      preview.textContent = "Cannot preview: " + e.message;
      return;
    }
    clear(preview);
    for (const s of out.steps) {
      const box = document.createElement("div");
      box.className = "msg";
      const h = document.createElement("h4");
      h.textContent = s.step + " · " + s.kind;
      box.appendChild(h);
      const text = document.createElement("div");
      if (s.problem) {
        text.textContent = s.problem;
        text.className = "problem";
      } else {
        text.textContent = [s.subject, s.note, s.body].filter(Boolean).join("\n\n") || "(plain, no text)";
      }
      box.appendChild(text);
      preview.appendChild(box);
    }
  }

  yaml.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(check, 250);
  });
  if (lead) lead.addEventListener("change", render);
  check();
})();
