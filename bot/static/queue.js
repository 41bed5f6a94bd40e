// The registrar's keys: one key per action on the item page, search-as-you-type in the
// choose-a-case box, and moving through the list. Everything also works with plain forms.
"use strict";
(() => {
  const item = document.getElementById("item");
  const isField = (el) => el && el.closest("input, textarea, select, button, a, dialog") !== null;
  let busy = false;

  function submit(id) {
    const form = document.getElementById(id);
    if (!form || busy) return false;
    busy = true;
    form.requestSubmit();
    return true;
  }

  function openDialog(id, mode) {
    const dialog = document.getElementById(id);
    if (!dialog) return false;
    if (mode) setMode(dialog, mode);
    dialog.showModal();
    const input = dialog.querySelector("input:not([type=hidden])");
    if (input) { input.focus(); input.select(); }
    if (mode) search(dialog);
    return true;
  }

  function setMode(dialog, mode) {
    dialog.dataset.mode = mode;
    dialog.querySelector("input[name=mode]").value = mode;
    const box = dialog.querySelector("#search-q");
    box.value = mode === "new" ? item.dataset.case : "";
  }

  // Search as you type: the server renders the rows; the newest answer wins.
  let asked = 0, timer = 0;
  function search(dialog) {
    const box = dialog.querySelector("#search-q"), list = dialog.querySelector("#results");
    const ask = ++asked;
    const url = `/api/search?mode=${dialog.dataset.mode}&q=${encodeURIComponent(box.value)}`;
    fetch(url, { credentials: "same-origin" }).then((r) => r.text()).then((html) => {
      if (ask !== asked) return;
      list.innerHTML = html;
      const wanted = list.querySelector("li.wanted") || list.querySelector("li[data-case]");
      select(list, wanted);
    });
  }

  function select(list, row) {
    list.querySelectorAll("li.selected").forEach((li) => li.classList.remove("selected"));
    if (row) { row.classList.add("selected"); row.scrollIntoView({ block: "nearest" }); }
  }

  function move(list, step) {
    const rows = [...list.querySelectorAll("li[data-case]")];
    const at = rows.indexOf(list.querySelector("li.selected"));
    select(list, rows[Math.max(0, Math.min(rows.length - 1, at + step))]);
  }

  function choose(dialog, row) {
    if (!row || busy) return;
    const form = dialog.querySelector("form");
    form.querySelector("input[name=case]").value = row.dataset.case;
    form.querySelector("input[name=document]").value = row.dataset.document;
    submit(form.id);
  }

  function searchKeys(event, dialog) {
    const list = dialog.querySelector("#results");
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      move(list, event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Enter") {
      choose(dialog, list.querySelector("li.selected"));
    } else return;
    event.preventDefault();
  }

  const ITEM_KEYS = {
    Enter: () => submit("form-confirm"), 1: () => submit("form-alt-1"),
    2: () => submit("form-alt-2"), 3: () => submit("form-alt-3"),
    k: () => submit("form-skip"), ArrowRight: () => submit("form-skip"),
    u: () => submit("form-undo"), "/": () => openDialog("dlg-search", "reassign"),
    n: () => openDialog("dlg-search", "new"), d: () => openDialog("dlg-duplicate"),
    r: () => openDialog("dlg-reject"), s: () => openDialog("dlg-split"),
    z: () => document.getElementById("previews").classList.toggle("zoomed"),
    g: () => { location.href = item.dataset.list; },
  };

  function listKeys(event) {
    const links = [...document.querySelectorAll("#queue a.open")];
    const at = links.indexOf(document.activeElement);
    if (event.key === "Enter" && at < 0 && links.length) links[0].click();
    else if (event.key === "ArrowDown" || event.key === "j") links[Math.min(links.length - 1, at + 1)]?.focus();
    else if (event.key === "ArrowUp" || event.key === "k") links[Math.max(0, at - 1)]?.focus();
    else return false;
    return true;
  }

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const dialog = document.querySelector("dialog[open]");
    if (dialog && dialog.id === "dlg-search" && event.target.id === "search-q") return searchKeys(event, dialog);
    if (dialog || (isField(event.target) && event.target.closest("#queue") === null)) return;
    let handled = false;
    if (event.key === "?") handled = openDialog("help");
    else if (item && ITEM_KEYS[event.key]) { ITEM_KEYS[event.key](); handled = true; }
    else if (!item) handled = listKeys(event);
    if (handled) event.preventDefault();
  });

  document.addEventListener("input", (event) => {
    if (event.target.id !== "search-q") return;
    clearTimeout(timer);
    timer = setTimeout(() => search(event.target.closest("dialog")), 120);
  });
  document.addEventListener("click", (event) => {
    const opener = event.target.closest("[data-open]");
    if (opener) openDialog(opener.dataset.open, opener.dataset.mode);
    const row = event.target.closest("#results li[data-case]");
    if (row) choose(row.closest("dialog"), row);
    if (event.target.classList.contains("preview")) document.getElementById("previews").classList.toggle("zoomed");
  });
  window.addEventListener("pageshow", () => { busy = false; });
})();
