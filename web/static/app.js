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

  // The account the preview renders as: its first name fills {{sender_first_name}}
  // and its limit checks the notes. The names are the campaign form's: the ticked
  // ones (the campaign's accounts) when some are, else all. With none on the page
  // there is no picker and the server says which account it chose.
  const ticks = document.querySelectorAll('#create-campaign input[name="accounts"]');
  let account = null;
  if (ticks.length && lead) {
    const label = document.createElement("label");
    label.textContent = "as account ";
    account = document.createElement("select");
    account.id = "preview-account";
    label.appendChild(account);
    const at = lead.closest("label") || lead;
    at.after(" ", label);
    accounts();
    account.addEventListener("change", render);
    for (const t of ticks) t.addEventListener("change", () => { accounts(); render(); });
  }

  // accounts fills the picker, keeping the account chosen while it is still offered.
  function accounts() {
    const all = [...ticks];
    const ticked = all.filter(t => t.checked);
    const keep = account.value;
    clear(account);
    for (const t of (ticked.length ? ticked : all)) {
      const o = document.createElement("option");
      o.value = o.textContent = t.value;
      account.appendChild(o);
    }
    if ([...account.options].some(o => o.value === keep)) account.value = keep;
  }

  let shown = 0;
  async function render() {
    if (!lead || !lead.value) return;
    const mine = ++shown;
    const body = { yaml: yaml.value, lead_id: Number(lead.value) };
    if (account && account.value) body.account = account.value;
    let out;
    try {
      out = await post("/sequences/preview", body);
    } catch (e) {
      if (mine !== shown) return;
      clear(preview);
      preview.textContent = "Cannot preview: " + e.message;
      return;
    }
    if (mine !== shown) return; // a newer preview is on its way
    clear(preview);
    if (out.sender) preview.appendChild(sender(out.sender));
    let last = "";
    for (const s of out.steps) {
      preview.appendChild(box(s, s.step !== last));
      last = s.step;
    }
  }

  // sender says once which account the texts render as, and why that one.
  function sender(a) {
    const p = document.createElement("p");
    p.className = "sender hint";
    let who = "No account";
    if (a.account) {
      who = "As " + a.account + (a.type ? " (" + a.type + ")" : "") +
        (a.name ? ", signed " + a.name : ", no sender name") +
        ", notes up to " + a.note_max_chars + " characters";
    }
    p.textContent = who + (a.why ? ": " + a.why : "");
    return p;
  }

  // box shows one rendered step (one variant of it): the heading names the variant,
  // the first box of a step says how a variant is picked, and a step with ai: says
  // what the model's text does, with the stored text when there is one.
  function box(s, first) {
    const el = document.createElement("div");
    el.className = "msg";
    const h = document.createElement("h4");
    h.textContent = s.step + " · " + s.kind + (s.variant ? " · variant " + s.variant : "");
    el.appendChild(h);
    if (s.variant_note && first) el.appendChild(line("p", "hint", s.variant_note));
    const text = document.createElement("div");
    if (s.skipped) {
      // The engine skips this step for the lead: say why, with nothing to read.
      text.textContent = "Skipped: " + s.skipped;
      text.className = "hint";
    } else if (s.problem) {
      text.textContent = s.problem;
      text.className = "problem";
    } else {
      text.textContent = [s.subject, s.note, s.body].filter(Boolean).join("\n\n") || "(plain, no text)";
    }
    el.appendChild(text);
    if (s.when) el.appendChild(line("p", "hint", s.when));
    if (s.note && s.max_chars) el.appendChild(line("p", "hint", s.chars + " of " + s.max_chars + " characters"));
    if (s.ai_note) el.appendChild(line("p", "ai-note", s.ai_note));
    if (s.ai) {
      el.appendChild(line("p", "hint", "The AI text" + (s.ai_status ? " (" + s.ai_status.replace("_", " ") + ")" : "") + ":"));
      el.appendChild(line("blockquote", "ai", s.ai));
    }
    return el;
  }

  function line(tag, cls, s) {
    const el = document.createElement(tag);
    el.className = cls;
    el.textContent = s;
    return el;
  }

  yaml.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(check, 250);
  });
  if (lead) lead.addEventListener("change", render);
  check();
})();
