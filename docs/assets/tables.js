/* Silk Road Ties: sort, filter and download the data tables.

   Progressive enhancement of the tables scripts/site/escape.py (html_table) writes:
     <div class="srt-table" data-download="FILE-STEM"><table><caption>...</caption>
     <thead><tr><th scope="col">...</th>...</tr></thead>
     <tbody><tr id="RECORD"><td data-label="COLUMN">...</td>...</tr>...</tbody></table></div>
   Without JavaScript the tables read the same, unsorted and unfiltered. For each such
   table (one with a header row):
   - its columns sort on a click, Enter or Space on the header (tablesort, vendored in
     assets/vendor/tablesort/, which sets aria-sort on the sorted header);
   - a "Filter rows" box above it hides the rows that do not contain the typed text
     (case-insensitive), and a live status says "N of M rows";
   - "Download these rows (CSV)" saves the rows in view, in their order, as CSV: the
     column titles, then each cell's visible text with white space collapsed; every
     field quoted (RFC 4180), and a field that starts with = + - @, a tab or a carriage
     return is written after a ' so that a spreadsheet does not run it as a formula.
     The file is made in the page (a Blob), so it works from disk (file://) too.
   No request leaves the page; nothing runs inline. */
(function () {
  "use strict";

  var NUMBER = /^[-+\u2212]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?\s*%?$/;

  function toNumber(value) {
    var n = parseFloat(value.replace(/[,\s%]/g, "").replace("\u2212", "-"));
    return isNaN(n) ? -Infinity : n;
  }

  // Numbers (1,300,000,000; -2.5; 12 %) sort by value; other text as text (ISO dates
  // sort right as text). Tablesort's sort functions order from high to low.
  if (window.Tablesort) {
    window.Tablesort.extend("srt-number", function (item) {
      return NUMBER.test(item.trim());
    }, function (a, b) {
      return toNumber(b) - toNumber(a);
    });
  }

  function collapse(text) {
    return text.replace(/\s+/g, " ").trim();
  }

  /* A field of the CSV: quoted, quotes doubled, formulas defused. */
  function csvField(value) {
    if (/^[=+\-@\t\r]/.test(value)) {
      value = "'" + value;
    }
    return '"' + value.replace(/"/g, '""') + '"';
  }

  function fileName(stem) {
    stem = (stem || "").replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[.-]+/, "");
    return (stem || "table") + ".csv";
  }

  function bodyRows(table) {
    var rows = [];
    for (var i = 0; i < table.tBodies.length; i++) {
      rows.push.apply(rows, table.tBodies[i].rows);
    }
    return rows;
  }

  /* The visible text of each cell, white space collapsed, without the permalink sign
     (hidden while reading: innerText leaves out what is not shown). */
  function cellTexts(scope, rows) {
    scope.classList.add("srt-reading");
    var texts = rows.map(function (row) {
      return Array.prototype.map.call(row.cells, function (cell) {
        return collapse(cell.innerText);
      });
    });
    scope.classList.remove("srt-reading");
    return texts;
  }

  var counter = 0;

  function enhance(table, texts) {
    var box = table.closest(".srt-table");
    var rows = bodyRows(table);
    var n = ++counter;
    var headers = Array.prototype.slice.call(table.tHead.rows[table.tHead.rows.length - 1].cells);
    table.setAttribute("data-srt-enhanced", "");

    // Rows sort and filter by what the reader sees (tablesort reads data-sort).
    var keys = new WeakMap();
    rows.forEach(function (row, i) {
      Array.prototype.forEach.call(row.cells, function (cell, j) {
        if (!cell.hasAttribute("data-sort")) {
          cell.setAttribute("data-sort", texts[i][j]);
        }
      });
      keys.set(row, texts[i].join(" ").toLowerCase());
    });

    // Sorting: click, Enter (tablesort) or Space on a header.
    if (window.Tablesort) {
      new window.Tablesort(table);
      headers.forEach(function (th) {
        if (th.getAttribute("data-sort-method") === "none") {
          return;
        }
        th.addEventListener("keydown", function (event) {
          if (event.key === " " || event.key === "Spacebar") {
            event.preventDefault();
            th.click();
          }
        });
      });
    }

    // The tools above the table: filter, count, download.
    var caption = table.caption;
    if (caption && !caption.id) {
      caption.id = "srt-caption-" + n;
    }
    var tools = document.createElement("div");
    tools.className = "srt-table__tools";

    var label = document.createElement("label");
    label.htmlFor = "srt-filter-" + n;
    label.textContent = "Filter rows";
    var input = document.createElement("input");
    input.type = "search";
    input.id = "srt-filter-" + n;
    input.autocomplete = "off";
    input.spellcheck = false;

    var status = document.createElement("p");
    status.className = "srt-table__status";
    status.id = "srt-status-" + n;
    status.setAttribute("role", "status");

    var button = document.createElement("button");
    button.type = "button";
    button.className = "srt-table__download";
    button.textContent = "Download these rows (CSV)";

    if (caption) {
      input.setAttribute("aria-describedby", caption.id + " " + status.id);
      button.setAttribute("aria-describedby", caption.id);
    } else {
      input.setAttribute("aria-describedby", status.id);
    }
    tools.appendChild(label);
    tools.appendChild(input);
    tools.appendChild(status);
    tools.appendChild(button);
    box.insertBefore(tools, box.firstChild);

    function count(shown) {
      var total = rows.length;
      status.textContent = shown + " of " + total + (total === 1 ? " row" : " rows");
    }

    function filter() {
      var query = collapse(input.value).toLowerCase();
      var shown = 0;
      rows.forEach(function (row) {
        var hit = !query || keys.get(row).indexOf(query) !== -1;
        row.hidden = !hit;
        if (hit) {
          shown++;
        }
      });
      count(shown);
    }

    input.addEventListener("input", filter);
    count(rows.length);

    // A link to a row that the filter hides shows the row again.
    window.addEventListener("hashchange", function () {
      var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
      if (target && target.hidden && rows.indexOf(target) !== -1) {
        input.value = "";
        filter();
        target.scrollIntoView();
      }
    });

    button.addEventListener("click", function () {
      var shown = bodyRows(table).filter(function (row) { return !row.hidden; });
      var lines = [headers.map(function (th) { return collapse(th.innerText); })]
        .concat(cellTexts(box, shown));
      var csv = lines.map(function (line) {
        return line.map(csvField).join(",");
      }).join("\r\n") + "\r\n";
      var url = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
      var link = document.createElement("a");
      link.href = url;
      link.download = fileName(box.getAttribute("data-download"));
      link.hidden = true;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
    });
  }

  function init() {
    var tables = Array.prototype.filter.call(document.querySelectorAll(".srt-table table"), function (table) {
      return !table.hasAttribute("data-srt-enhanced") && table.tHead && table.tHead.rows.length &&
        bodyRows(table).length;
    });
    // Read every table's text in one go: one layout for the page.
    var texts = cellTexts(document.documentElement, [].concat.apply([], tables.map(bodyRows)));
    tables.forEach(function (table) {
      enhance(table, texts.splice(0, bodyRows(table).length));
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
