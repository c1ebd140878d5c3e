// A small Buddhist-Era calendar for date inputs (browser pickers speak the Christian Era).
// The input stays a plain text field in the form dd/mm/yyyy (พ.ศ.), which the server reads.
(function () {
  "use strict";
  var MONTHS = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"];
  var DAYS = ["อา", "จ", "อ", "พ", "พฤ", "ศ", "ส"];
  var BE = 543;

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function parse(text) {
    var digits = (text || "").replace(/[๐-๙]/g, function (d) { return String(d.charCodeAt(0) - 0x0e50); });
    var m = digits.match(/^\s*(\d{1,2})\s*[\/.\-]\s*(\d{1,2})\s*[\/.\-]\s*(\d{4})\s*$/);
    if (!m) { return null; }
    var day = new Date(Number(m[3]) - BE, Number(m[2]) - 1, Number(m[1]));
    return isNaN(day.getTime()) ? null : day;
  }

  function button(label, text, onClick, extra) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "btn btn-sm " + (extra || "btn-light");
    b.textContent = text;
    b.setAttribute("aria-label", label);
    b.addEventListener("click", onClick);
    return b;
  }

  function render(box, input, shown) {
    box.replaceChildren();
    var year = shown.getFullYear(), month = shown.getMonth();
    var head = document.createElement("div");
    head.className = "d-flex align-items-center justify-content-between p-2";
    var title = document.createElement("strong");
    title.textContent = MONTHS[month] + " " + (year + BE);
    head.append(
      button("เดือนก่อน", "‹", function () { render(box, input, new Date(year, month - 1, 1)); }),
      title,
      button("เดือนถัดไป", "›", function () { render(box, input, new Date(year, month + 1, 1)); })
    );
    var grid = document.createElement("div");
    grid.className = "thai-date-grid p-2 pt-0";
    DAYS.forEach(function (d) {
      var cell = document.createElement("span");
      cell.className = "thai-date-dow";
      cell.textContent = d;
      grid.append(cell);
    });
    var first = new Date(year, month, 1).getDay();
    for (var i = 0; i < first; i++) { grid.append(document.createElement("span")); }
    var chosen = parse(input.value);
    var days = new Date(year, month + 1, 0).getDate();
    for (var day = 1; day <= days; day++) {
      (function (d) {
        var isChosen = chosen && chosen.getFullYear() === year && chosen.getMonth() === month && chosen.getDate() === d;
        grid.append(button(d + " " + MONTHS[month] + " " + (year + BE), String(d), function () {
          input.value = pad(d) + "/" + pad(month + 1) + "/" + (year + BE);
          input.dispatchEvent(new Event("change", { bubbles: true }));
          close(box);
          input.focus();
        }, isChosen ? "btn-primary" : "btn-light"));
      })(day);
    }
    box.append(head, grid);
  }

  function close(box) {
    box.hidden = true;
    var toggle = box.parentElement.querySelector(".thai-date-toggle");
    if (toggle) { toggle.setAttribute("aria-expanded", "false"); }
  }

  document.querySelectorAll(".thai-date").forEach(function (wrapper) {
    var input = wrapper.querySelector("input");
    var toggle = wrapper.querySelector(".thai-date-toggle");
    var box = wrapper.querySelector(".thai-date-calendar");
    toggle.addEventListener("click", function () {
      if (!box.hidden) { close(box); return; }
      render(box, input, parse(input.value) || new Date());
      box.hidden = false;
      toggle.setAttribute("aria-expanded", "true");
    });
    wrapper.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { close(box); toggle.focus(); }
    });
  });
})();
