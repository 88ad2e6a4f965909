/* factcheck report: filters, pagination and the evidence panel. No network, no innerHTML
   with report data: article text only ever reaches the page through textContent. */
(function () {
  "use strict";
  var PAGE = 100;
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var table = document.getElementById("matrix");
  var trs = Array.prototype.slice.call(table.querySelectorAll("tr.r"));
  var bodies = Array.prototype.slice.call(table.tBodies);
  var dyn = document.createElement("style");
  document.head.appendChild(dyn);
  var $ = function (id) { return document.getElementById(id); };
  var F = { kind: $("f-kind"), status: $("f-status"), source: $("f-source"),
            req: $("f-required"), search: $("f-search") };
  var page = 0;
  var shown = [];

  // One lower-cased haystack per row: id, statement, golden evidence, article sentences.
  var hay = data.rows.map(function (row) {
    var parts = [row.id, row.st];
    row.gold.forEach(function (g) { parts.push(g[1]); });
    row.cells.forEach(function (c) {
      if (c[2]) parts.push(c[2][0]);
      if (c[3]) parts.push(c[3][1], c[3][3] || "");
    });
    return parts.join("\n").toLowerCase().split(/\s+/).join(" ");
  });

  function statusTest(v) {
    if (v === "") return null;
    if (v === "findings") return function (s) { return s === 1 || s === 2 || s === 3; };
    var want = Number(v);
    return function (s) { return s === want; };
  }

  function apply() {
    var kind = F.kind.value, src = F.source.value, req = F.req.checked;
    // The query is one phrase (whitespace-normalised): it finds the text as typed.
    var phrase = F.search.value.toLowerCase().split(/\s+/).filter(Boolean).join(" ");
    var test = statusTest(F.status.value);
    // A status filter looks at checked columns only: an unchecked one says nothing.
    var cols = (src === "" ? data.cols.map(function (_, i) { return i; }) : [Number(src)])
      .filter(function (i) { return data.cols[i][3]; });
    shown = [];
    trs.forEach(function (tr) {
      var r = Number(tr.getAttribute("data-r")), row = data.rows[r];
      var ok = (!kind || row.kind === kind) && (!req || row.req) &&
        (!phrase || hay[r].indexOf(phrase) >= 0);
      if (ok && test) {
        var cells = row.cells;
        ok = cols.some(function (i) { return test(cells[i][0]); });
      }
      if (ok) shown.push(tr);
    });
    // Column and status filters are CSS rules: one style change, not 15,000 DOM writes.
    var css = "";
    if (src !== "") {
      css += "#matrix [data-c]:not([data-c=\"" + Number(src) + "\"]){display:none}";
    }
    if (F.status.value !== "") {
      var keep = F.status.value === "findings" ? [1, 2, 3] : [Number(F.status.value)];
      css += "#matrix td[data-c]" + keep.map(function (s) { return ":not(.s" + s + ")"; }).join("") +
        "{opacity:.22}";
    }
    dyn.textContent = css;
    page = Math.min(page, Math.max(0, Math.ceil(shown.length / PAGE) - 1));
    paint();
  }

  function paint() {
    var first = page * PAGE, last = Math.min(shown.length, first + PAGE);
    var visible = new Set(shown.slice(first, last));
    trs.forEach(function (tr) { tr.hidden = !visible.has(tr); });
    bodies.forEach(function (tb) {
      var any = tb.querySelector("tr.r:not([hidden])");
      tb.querySelector("tr.grp").hidden = !any;
      var n = tb.querySelector("tr.grp .n"), total = n.getAttribute("data-total");
      var matching = shown.filter(function (tr) { return tr.parentNode === tb; }).length;
      n.textContent = String(matching) === total ? total : matching + " of " + total;
    });
    $("f-count").textContent = shown.length + " of " + trs.length + " assertions";
    $("p-info").textContent = shown.length
      ? "rows " + (first + 1) + "–" + last + " of " + shown.length
      : "no assertion matches the filters";
    $("p-prev").disabled = page === 0;
    $("p-next").disabled = last >= shown.length;
  }

  function text(el, value) { el.textContent = value == null ? "" : String(value); return el; }

  function marked(el, sentence, marks) {
    el.textContent = "";
    var at = 0;
    marks.forEach(function (m) {
      if (m[0] > at) el.appendChild(document.createTextNode(sentence.slice(at, m[0])));
      var mk = document.createElement("mark");
      mk.className = m[2];
      mk.textContent = sentence.slice(m[0], m[1]);
      el.appendChild(mk);
      at = m[1];
    });
    if (at < sentence.length) el.appendChild(document.createTextNode(sentence.slice(at)));
  }

  var selected = null;
  function open(td) {
    var tr = td.parentNode, r = Number(tr.getAttribute("data-r")), c = Number(td.getAttribute("data-c"));
    var row = data.rows[r], cell = row.cells[c], col = data.cols[c], st = data.statuses[cell[0]];
    if (selected) selected.classList.remove("sel");
    selected = td;
    td.classList.add("sel");
    text($("p-title"), row.id);
    text($("p-statement"), row.st + (row.req ? "  (required)" : ""));
    text($("p-where"), "in " + col[0] + (col[1] ? " · " + col[1] : "") + (col[2] ? " · NEW article" : ""));
    var badge = $("p-status");
    var fi = cell[3];
    text(badge, st ? st[1] + " " + st[2] + (fi && fi[4] ? " · reviewed, known discrepancy" : "")
      : "not checked");
    badge.className = "badge " + (st ? "s" + cell[0] : "nc");
    text($("p-message"), fi ? fi[1] : "");
    $("p-ef").hidden = !fi;
    text($("p-expected"), fi ? fi[2] : "");
    text($("p-found"), fi ? (fi[3] == null ? "(nothing)" : fi[3]) : "");
    var ev = cell[2];
    $("p-marks").hidden = !ev;  // no sentence, nothing marked: no key to the marks
    if (ev) {
      marked($("p-sentence"), ev[0], ev[3]);
      text($("p-span"), "characters " + ev[1] + "–" + ev[2] + " of the cleaned article");
    } else {
      text($("p-sentence"), cell[0] === 3 ? "No sentence carries this fact." : "No matching sentence.");
      text($("p-span"), "");
    }
    // The engine often gives the finding's message as its reason too: say it once.
    text($("p-reason"), fi && fi[1] === cell[1] ? "" : cell[1]);
    var ul = $("p-gold");
    ul.textContent = "";
    row.gold.forEach(function (g) {
      var li = document.createElement("li");
      var b = document.createElement("code");
      text(b, g[0]);
      li.appendChild(b);
      li.appendChild(document.createTextNode(": " + g[1]));
      ul.appendChild(li);
    });
    if (!row.gold.length) text(ul, "(none recorded)");
    var kn = $("p-known");
    kn.textContent = "";
    row.known.forEach(function (k) {
      if (k[0] !== col[0]) return;
      kn.appendChild(text(document.createElement("p"), "Reviewed " + k[1] + ": " + k[2]));
    });
    $("panel").hidden = false;
  }

  function close() {
    $("panel").hidden = true;
    if (selected) { selected.classList.remove("sel"); selected.focus(); selected = null; }
  }

  table.addEventListener("click", function (e) {
    var td = e.target.closest("td[data-c]");
    if (td) open(td);
  });
  // Arrow keys move between the cells that are shown (hidden rows and columns skipped).
  function shownCells(tr) {
    return Array.prototype.filter.call(tr.querySelectorAll("td[data-c]"), function (td) {
      return td.offsetParent !== null;
    });
  }
  function move(td, dr, dc) {
    var rows = trs.filter(function (tr) { return !tr.hidden; });
    var ri = rows.indexOf(td.parentNode), cells = shownCells(td.parentNode);
    var ci = cells.indexOf(td);
    var row = rows[Math.max(0, Math.min(rows.length - 1, ri + dr))];
    var target = shownCells(row)[Math.max(0, Math.min(cells.length - 1, ci + dc))];
    if (target) target.focus();
  }
  var ARROWS = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
  table.addEventListener("keydown", function (e) {
    var td = e.target.closest && e.target.closest("td[data-c]");
    if (!td) return;
    if (e.key === "Enter" || e.key === " ") { e.preventDefault(); open(td); }
    else if (ARROWS[e.key]) { e.preventDefault(); move(td, ARROWS[e.key][0], ARROWS[e.key][1]); }
  });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") close(); });
  $("filters").addEventListener("submit", function (e) { e.preventDefault(); });
  $("p-close").addEventListener("click", close);
  [F.kind, F.status, F.source, F.req].forEach(function (el) {
    el.addEventListener("change", function () { page = 0; apply(); });
  });
  F.search.addEventListener("input", function () { page = 0; apply(); });
  $("p-prev").addEventListener("click", function () { page -= 1; paint(); });
  $("p-next").addEventListener("click", function () { page += 1; paint(); });
  // A finding of the summary links to its cell: show its row (clearing filters that hide
  // it, turning to its page), bring it into view and open its evidence.
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a.goto");
    if (!a) return;
    e.preventDefault();
    var r = a.getAttribute("data-r"), c = a.getAttribute("data-c");
    var tr = table.querySelector('tr.r[data-r="' + r + '"]');
    if (!tr) return;
    if (shown.indexOf(tr) < 0) {
      F.kind.value = ""; F.status.value = ""; F.source.value = ""; F.req.checked = false;
      F.search.value = "";
      apply();
    }
    page = Math.floor(shown.indexOf(tr) / PAGE);
    paint();
    var td = tr.querySelector('td[data-c="' + c + '"]');
    open(td);  // first: the open panel narrows the page and moves the cell
    td.focus({ preventScroll: true });
    td.scrollIntoView({ block: "center", inline: "nearest" });
  });

  // "copy the entry": the clipboard when the browser allows it (file:// pages may not);
  // otherwise the entry is selected so Ctrl+C copies it.
  document.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest("button.copy");
    if (!b) return;
    var pre = b.parentNode.querySelector("pre.entry");
    var done = function () { b.textContent = "copied"; };
    var fallback = function () {
      var range = document.createRange();
      range.selectNodeContents(pre);
      var sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (err) { ok = false; }
      b.textContent = ok ? "copied" : "selected: press Ctrl+C";
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(pre.textContent).then(done, fallback);
    } else {
      fallback();
    }
  });

  // Printing gives the whole report: every row (not one page of them), every list open.
  var reopen = [];
  window.addEventListener("beforeprint", function () {
    trs.forEach(function (tr) { tr.hidden = false; });
    bodies.forEach(function (tb) { tb.querySelector("tr.grp").hidden = false; });
    reopen = Array.prototype.filter.call(document.querySelectorAll("details"),
      function (d) { return !d.open; });
    reopen.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    reopen.forEach(function (d) { d.open = false; });
    paint();
  });
  apply();
})();
