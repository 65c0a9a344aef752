// The keyboard-first entry screen for a group at the transaction day.
//
// Totals follow what is typed; a value above what is due is marked. Everything typed is kept in
// this browser's localStorage under the day and group, so a dropped connection loses nothing:
// the form is sent with fetch, and if that fails it is sent again when the browser is back
// online. The server keys every row by day and loan (or member), so sending twice is harmless.
// Hidden "seen" fields carry the figures saved when the form was opened: the server refuses a
// row someone else has changed since; after a save they take the figures just saved.
(function () {
  "use strict";
  const form = document.getElementById("pc-entry");
  if (!form) return;
  const script = document.currentScript;
  const text = JSON.parse(script.dataset.messages || "{}");
  const storeKey = "policycredit:" + form.dataset.key;
  const status = document.getElementById("pc-net");
  const errors = document.getElementById("pc-errors");
  const inputs = Array.from(form.querySelectorAll("input.pc-amount"));
  const seen = Array.from(form.querySelectorAll("input.pc-seen"));
  const group = (n) => n.toLocaleString("vi-VN").replace(/,/g, ".") + " đ";
  const amount = (input) => {
    const digits = (input.value || "").replace(/[^0-9]/g, "");
    return digits ? parseInt(digits, 10) : 0;
  };

  function totals() {
    const sums = { p: 0, i: 0, s: 0, w: 0 };
    for (const input of inputs) {
      const tag = input.name.split("-")[0];
      const value = amount(input);
      sums[tag] += value;
      const due = input.dataset.due === undefined ? null : parseInt(input.dataset.due, 10);
      const max = input.dataset.max === undefined ? null : parseInt(input.dataset.max, 10);
      const over = max !== null && value > max;
      input.classList.toggle("pc-over", over);
      input.classList.toggle("pc-ahead", !over && due !== null && value > due && tag !== "s");
      input.title = over || (due !== null && value > due && tag !== "s") ? text.over : "";
    }
    for (const cell of form.querySelectorAll("[data-total]")) {
      const tag = cell.dataset.total;
      const value = tag === "net" ? sums.p + sums.i + sums.s - sums.w : sums[tag];
      cell.textContent = group(value);
    }
  }

  function keep() {
    const values = {};
    for (const input of inputs) values[input.name] = input.value;
    const base = {};
    for (const input of seen) base[input.name] = input.value;
    localStorage.setItem(storeKey, JSON.stringify({ values: values, seen: base, pending: true }));
  }

  function restore() {
    const kept = JSON.parse(localStorage.getItem(storeKey) || "null");
    if (!kept || !kept.pending) return;
    for (const input of inputs) {
      if (kept.values[input.name] !== undefined) input.value = kept.values[input.name];
    }
    // What was typed was typed over these figures: a change made since by someone else is
    // then refused, not silently written over.
    for (const input of seen) {
      if (kept.seen && kept.seen[input.name] !== undefined) input.value = kept.seen[input.name];
    }
    status.textContent = text.restored;
  }

  // A refusal is shown where the teller is: each message under the row of its field, the field
  // marked, the cursor in the first one; the fixed toast repeats them all in the viewport.
  function clearWrong() {
    for (const row of form.querySelectorAll("tr.pc-row-error")) row.remove();
    for (const input of inputs) {
      input.classList.remove("pc-wrong");
      input.removeAttribute("aria-invalid");
    }
  }

  function showWrong(fields, messagesByField) {
    let first = null;
    for (const name of fields || []) {
      const input = form.querySelector('input.pc-amount[name="' + name + '"]');
      if (!input) continue;
      input.classList.add("pc-wrong");
      input.setAttribute("aria-invalid", "true");
      if (!first) first = input;
      const row = input.closest("tr");
      let note = row.nextElementSibling;
      if (!note || !note.classList.contains("pc-row-error")) {
        note = document.createElement("tr");
        note.className = "pc-row-error";
        note.dataset.testid = "row-error";
        const cell = document.createElement("td");
        cell.colSpan = row.children.length;
        cell.appendChild(document.createElement("div"));
        note.appendChild(cell);
        row.after(note);
      }
      const box = note.querySelector("div");
      box.textContent = (box.textContent ? box.textContent + " " : "") +
        (messagesByField[name] || []).join(" ");
    }
    if (first) {
      first.focus();
      first.scrollIntoView({ block: "center", inline: "nearest" });
    }
  }

  async function send() {
    keep();
    status.textContent = text.sending;
    delete status.dataset.state;
    errors.innerHTML = "";
    clearWrong();
    let reply;
    try {
      reply = await fetch(window.location.href, {
        method: "POST",
        body: new FormData(form),
        headers: { "X-Requested-With": "fetch" },
        credentials: "same-origin",
      });
    } catch (e) {
      status.textContent = text.pending;
      window.addEventListener("online", send, { once: true });
      return;
    }
    let data = {};
    try { data = await reply.json(); } catch (e) { data = { ok: false, errors: [reply.statusText] }; }
    if (data.ok) {
      for (const input of seen) {
        if (data.seen && data.seen[input.name] !== undefined) input.value = data.seen[input.name];
      }
      localStorage.removeItem(storeKey);
      status.textContent = text.saved + (data.warnings.length ? " " + data.warnings.join(" ") : "");
      status.dataset.state = "saved";
    } else {
      status.textContent = "";
      for (const message of data.errors || []) {
        const item = document.createElement("li");
        item.textContent = message;
        errors.appendChild(item);
      }
      status.dataset.state = "refused";
      showWrong(data.fields, data.by_field || {});
    }
  }

  inputs.forEach((input, index) => {
    input.addEventListener("input", () => { totals(); keep(); });
    input.addEventListener("focus", () => input.select());
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        // Enter goes to the first amount of the next row, as on a paper sheet.
        event.preventDefault();
        const row = input.closest("tr");
        let next = row.nextElementSibling;
        while (next && !next.querySelector("input.pc-amount")) next = next.nextElementSibling;
        (next ? next.querySelector("input.pc-amount") : inputs[index]).focus();
      }
    });
  });
  document.addEventListener("keydown", (event) => {
    // With Caps Lock on the key is "S"; on a Mac the shortcut is Cmd+S.
    if ((event.ctrlKey || event.metaKey) && !event.altKey &&
        ((event.key || "").toLowerCase() === "s" || event.code === "KeyS")) {
      event.preventDefault();
      send();
    }
  });
  form.addEventListener("submit", (event) => { event.preventDefault(); send(); });
  restore();
  totals();
})();
