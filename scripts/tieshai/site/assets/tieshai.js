/* 铁筛: filters for tables (the rectification ledger), and small accessibility fixes. Runs from disk and without a server:
   plain DOM, no libraries, no requests. Rows carry data-* attributes named like the selects. */
(function () {
  function setUp(form) {
    var target = document.getElementById(form.getAttribute("data-ts-filter"));
    if (!target || form.getAttribute("data-ts-ready")) { return; }
    form.setAttribute("data-ts-ready", "1");
    var selects = form.querySelectorAll("select");
    var count = form.querySelector("output");
    function apply() {
      var rows = target.querySelectorAll("tbody tr");
      var shown = 0;
      rows.forEach(function (row) {
        var visible = Array.prototype.every.call(selects, function (select) {
          return !select.value || row.getAttribute("data-" + select.name) === select.value;
        });
        row.hidden = !visible;
        if (visible) { shown += 1; }
      });
      if (count) { count.textContent = "显示 " + shown + " / " + rows.length + " 条"; }
    }
    /* a link may choose the filter: ledger/?late=yes shows the overdue problems */
    var chosen = new URLSearchParams(window.location.search);
    selects.forEach(function (select) {
      var wanted = chosen.get(select.name);
      if (wanted && select.querySelector("option[value='" + wanted.replace(/[^a-z0-9-]/g, "") + "']")) {
        select.value = wanted;
      }
      select.addEventListener("change", apply);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    apply();
  }
  /* Accessibility fixes for the theme: the search dialog gets a name, and wide tables'
     scrolling wrappers can be reached and scrolled with the keyboard. */
  function accessible() {
    document.querySelectorAll(".md-search[role=dialog]").forEach(function (dialog) {
      dialog.setAttribute("aria-label", "搜索");
    });
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap, index) {
      var caption = wrap.querySelector("caption");
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", (caption ? caption.textContent : "表格 " + (index + 1)) + "（可左右滚动）");
    });
  }
  /* Tables marked data-ts-sortable: a header with data-sort="number" sorts its column by the
     cells' data-value, largest first, then smallest first on a second click. */
  function sortable(table) {
    if (table.getAttribute("data-ts-ready")) { return; }
    table.setAttribute("data-ts-ready", "1");
    table.querySelectorAll("th[data-sort]").forEach(function (header) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "ts-sort";
      button.textContent = header.textContent;
      header.textContent = "";
      header.appendChild(button);
      button.addEventListener("click", function () {
        var column = Array.prototype.indexOf.call(header.parentNode.children, header);
        var descending = header.getAttribute("aria-sort") !== "descending";
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = parseFloat(a.cells[column].getAttribute("data-value"));
          var y = parseFloat(b.cells[column].getAttribute("data-value"));
          return descending ? y - x : x - y;
        });
        rows.forEach(function (row) { body.appendChild(row); });
        table.querySelectorAll("th[aria-sort]").forEach(function (other) { other.removeAttribute("aria-sort"); });
        header.setAttribute("aria-sort", descending ? "descending" : "ascending");
      });
    });
  }
  function setUpAll() {
    document.querySelectorAll("table[data-ts-sortable]").forEach(sortable);
    document.querySelectorAll("form[data-ts-filter]").forEach(setUp);
    accessible();
  }
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(setUpAll); }
  else { document.addEventListener("DOMContentLoaded", setUpAll); }
})();
