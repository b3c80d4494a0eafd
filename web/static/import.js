// The lead import's progress page: polls the import's status while it runs and
// reloads once it ends, so the server renders the report. Text only, via textContent.
"use strict";

(function () {
  const box = document.getElementById("import");
  if (!box || box.dataset.state !== "running") return;
  const bar = document.getElementById("import-progress");
  const text = document.getElementById("import-text");

  async function poll() {
    let st;
    try {
      const res = await fetch(box.dataset.status, { credentials: "same-origin", headers: { Accept: "application/json" } });
      st = await res.json();
      if (!res.ok) throw new Error(st.error ? st.error.message : res.statusText);
    } catch (e) {
      text.textContent = "Cannot follow the import: " + e.message + " (reload to try again)";
      return;
    }
    if (st.state !== "running") {
      window.location.reload();
      return;
    }
    const pct = st.total_bytes > 0 ? Math.floor(st.bytes_read * 100 / st.total_bytes) : 0;
    bar.value = pct;
    text.textContent = pct + "% of the file read (" + st.bytes_read + " of " + st.total_bytes + " bytes), " + st.rows + (st.rows === 1 ? " lead" : " leads") + " stored";
    setTimeout(poll, 1000);
  }
  setTimeout(poll, 500);
})();
