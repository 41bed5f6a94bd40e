// The registrar's keys: one key per action on the item page, search-as-you-type in the
// choose-a-case box, the split dialog's parts, moving through the list and the bulk rows.
// Everything also works with plain forms.
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
    const input = dialog.querySelector("input:not([type=hidden]):not([disabled])");
    if (input) { input.focus(); input.select(); }
    if (mode) search(dialog);
    if (id === "dlg-split") showParts(dialog);
    return true;
  }

  // One Esc closes the box, even from a search field (which would first only clear itself);
  // the keys then work on the page again.
  function closeDialog(dialog) {
    dialog.close();
    if (dialog.contains(document.activeElement)) document.activeElement.blur();
  }

  function setMode(dialog, mode) {
    dialog.dataset.mode = mode;
    dialog.querySelector("input[name=mode]").value = mode;
    const box = dialog.querySelector("#search-q");
    box.value = mode === "new" ? item.dataset.case : "";
  }

  // Search as you type: the server renders the rows; the newest answer wins. A whole record
  // number (KS 2021/0456-3) comes back marked "wanted" and is chosen before its case.
  let asked = 0, timer = 0;
  function search(dialog) {
    const box = dialog.querySelector("#search-q"), list = dialog.querySelector("#results");
    const ask = ++asked;
    const url = `/api/search?mode=${dialog.dataset.mode}&q=${encodeURIComponent(box.value)}`;
    fetch(url, { credentials: "same-origin" }).then((r) => r.text()).then((html) => {
      if (ask !== asked) return;
      list.innerHTML = html;
      list.querySelectorAll("li[data-case]").forEach((li, i) => { li.id = `result-${i}`; });
      const wanted = list.querySelector("li.wanted") || list.querySelector("li[data-case]");
      select(list, wanted);
    });
  }

  function select(list, row) {
    list.querySelectorAll("li.selected").forEach((li) => {
      li.classList.remove("selected");
      li.setAttribute("aria-selected", "false");
    });
    const box = document.getElementById("search-q");
    if (row) {
      row.classList.add("selected");
      row.setAttribute("aria-selected", "true");
      row.scrollIntoView({ block: "nearest" });
      box.setAttribute("aria-activedescendant", row.id);
    } else box.removeAttribute("aria-activedescendant");
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

  // The split dialog: the parts typed so far, each with its pages' thumbnails; every page in
  // no part asks for the reason it is set aside (the server refuses a page left unaccounted).
  function parseRanges(text, pages) {
    const parts = [];
    for (const piece of text.split(/[,;]/)) {
      const m = piece.match(/^\s*(\d+)\s*(?:[-–]\s*(\d+))?\s*$/);
      if (!m) continue;
      const first = +m[1], last = +(m[2] || m[1]);
      if (first >= 1 && first <= last && last <= pages) parts.push([first, last]);
    }
    return parts;
  }

  function showParts(dialog) {
    const form = dialog.querySelector("form"), pages = +form.dataset.pages;
    const parts = parseRanges(form.querySelector("#split-ranges").value, pages);
    const box = dialog.querySelector("#split-parts"), thumbs = dialog.querySelector("#split-thumbs");
    const title = (id) => dialog.querySelector(id).innerHTML;
    box.replaceChildren(...parts.map(([first, last], i) => {
      const part = document.createElement("section");
      part.className = "split-part";
      const heading = document.createElement("h3");
      const said = title(first === last ? "#split-part-one" : "#split-part-title");
      heading.textContent = said.replace("{n}", i + 1).replace("{first}", first).replace("{last}", last);
      part.append(heading);
      for (let p = first; p <= last; p++) {
        part.append(thumbs.content.querySelector(`img[data-page="${p}"]`).cloneNode());
      }
      return part;
    }));
    const covered = new Set(parts.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, k) => a + k)));
    let outside = 0;
    dialog.querySelectorAll(".aside-row").forEach((row) => {
      const inPart = covered.has(+row.dataset.page), input = row.querySelector("input");
      row.hidden = inPart;
      input.disabled = inPart;
      input.required = !inPart;
      outside += inPart ? 0 : 1;
    });
    dialog.querySelector("#split-aside").hidden = outside === 0;
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

  // The list: Enter opens the marked item, or the first one no one else is reviewing; an item
  // another registrar has open is not opened by a key (the mouse still can, deliberately).
  function tell(text) {
    const status = document.getElementById("list-status");
    if (!status) return;
    status.textContent = text;
    status.hidden = false;
  }

  function listKeys(event) {
    const links = [...document.querySelectorAll("#queue a.open")];
    const at = links.indexOf(document.activeElement);
    const claimed = (link) => link.closest("tr").dataset.claimed;
    if (event.key === "Enter") {
      const link = at < 0 ? links.find((l) => !claimed(l)) : links[at];
      if (link && claimed(link)) tell(claimed(link));
      else if (link) link.click();
    } else if (event.key === "ArrowDown" || event.key === "j") links[Math.min(links.length - 1, at + 1)]?.focus();
    else if (event.key === "ArrowUp" || event.key === "k") links[Math.max(0, at - 1)]?.focus();
    else if (event.key === "u") return submit("form-undo");
    else return false;
    return true;
  }

  // Bulk confirmation: j k move between rows, x or space includes or leaves out the row, Enter
  // opens the row's item (never the browser's submit-on-Enter: that would confirm the page).
  function bulkKeys(event) {
    const boxes = [...document.querySelectorAll("#bulk-rows input[type=checkbox]")];
    const at = boxes.indexOf(document.activeElement);
    if (event.key === "j" || event.key === "ArrowDown") boxes[Math.min(boxes.length - 1, at + 1)]?.focus();
    else if (event.key === "k" || event.key === "ArrowUp") boxes[Math.max(0, at - 1)]?.focus();
    else if (event.key === "x" && at >= 0) boxes[at].click();
    else if (event.key === "Enter" && at >= 0) location.href = boxes[at].closest("tr").querySelector("a.open").href;
    else return false;
    return true;
  }

  function bulkCount() {
    const boxes = [...document.querySelectorAll("#bulk-rows input[type=checkbox]")];
    const count = document.getElementById("bulk-count");
    boxes.forEach((b) => b.closest("tr").classList.toggle("left-out", !b.checked));
    if (count) count.textContent = boxes.filter((b) => b.checked).length;
  }

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const dialog = document.querySelector("dialog[open]");
    if (dialog && event.key === "Escape") { closeDialog(dialog); event.preventDefault(); return; }
    if (dialog && dialog.id === "dlg-search" && event.target.id === "search-q") return searchKeys(event, dialog);
    // Enter on a tick box never sends its form (the browser would: a page of recipients mailed,
    // a page confirmed); the bulk rows give Enter a meaning of their own below.
    if (event.key === "Enter" && event.target.type === "checkbox" && !event.target.closest("#bulk-rows")) {
      event.preventDefault();
      return;
    }
    const inBulk = document.getElementById("bulk-rows");
    const ownField = event.target.closest && (event.target.closest("#queue") || event.target.closest("#bulk-rows"));
    if (dialog || (isField(event.target) && !ownField)) return;
    let handled = false;
    if (event.key === "?") handled = openDialog("help");
    else if (item && ITEM_KEYS[event.key]) { ITEM_KEYS[event.key](); handled = true; }
    else if (inBulk) handled = bulkKeys(event);
    else if (document.getElementById("queue")) handled = listKeys(event);
    if (handled) event.preventDefault();
  });

  document.addEventListener("input", (event) => {
    if (event.target.id === "split-ranges") showParts(event.target.closest("dialog"));
    if (event.target.id !== "search-q") return;
    clearTimeout(timer);
    timer = setTimeout(() => search(event.target.closest("dialog")), 120);
  });
  document.addEventListener("change", (event) => {
    if (event.target.closest("#bulk-rows")) bulkCount();
  });
  document.addEventListener("click", (event) => {
    const opener = event.target.closest("[data-open]");
    if (opener) openDialog(opener.dataset.open, opener.dataset.mode);
    const row = event.target.closest("#results li[data-case]");
    if (row) choose(row.closest("dialog"), row);
    if (event.target.classList.contains("preview")) document.getElementById("previews").classList.toggle("zoomed");
  });
  window.addEventListener("pageshow", () => { busy = false; bulkCount(); });
})();
