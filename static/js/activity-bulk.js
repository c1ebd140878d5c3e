// Editing many activities at once (templates/projects/activity_bulk.html), and ticking rows on the
// activity list to open them there. Without this script both pages still work as plain forms: the
// server applies the panel's values to the ticked rows and shows the summary before saving.
(function () {
  "use strict";

  function checkboxes(root, selector) {
    return Array.prototype.slice.call(root.querySelectorAll(selector));
  }

  // Numbers as the organisation prints them (data-digits="thai" or "arabic").
  var style = "arabic";
  function num(n) {
    var text = String(n);
    return style === "thai" ? text.replace(/[0-9]/g, function (d) { return String.fromCharCode(0x0e50 + Number(d)); }) : text;
  }

  // --- the activity list: tick rows, then open them in the grid ----------------------------------

  function initListSelection(form) {
    style = form.dataset.digits || style;
    var boxes = checkboxes(document, "input[name='ids'][form='" + form.id + "']");
    var all = document.getElementById("list-select-all");
    var count = form.querySelector("[data-selected-count]");
    var submit = form.querySelector("button[type='submit']");
    function update() {
      var ticked = boxes.filter(function (b) { return b.checked; }).length;
      count.textContent = ticked ? "เลือกไว้ " + num(ticked) + " รายการ" : "ยังไม่ได้เลือกรายการ";
      submit.disabled = ticked === 0;
      if (all) {
        all.checked = ticked > 0 && ticked === boxes.length;
        all.indeterminate = ticked > 0 && ticked < boxes.length;
      }
    }
    if (all) {
      all.hidden = false;
      all.addEventListener("change", function () {
        boxes.forEach(function (b) { b.checked = all.checked; });
        update();
      });
    }
    boxes.forEach(function (b) { b.addEventListener("change", update); });
    update();
  }

  // --- the grid ----------------------------------------------------------------------------------

  function initGrid(form) {
    style = form.dataset.digits || style;
    var table = form.querySelector("table.bulk-grid");
    var status = document.getElementById("bulk-status");
    var note = document.getElementById("bulk-apply-note");
    var selectAll = document.getElementById("select-all");
    var rows = table ? Array.prototype.slice.call(table.tBodies[0].rows) : [];
    var submitting = false;

    function hidden(tr, prefix) { return form.elements[prefix + tr.dataset.pk]; }
    function cellsOf(tr) { return checkboxes(tr, "input[type='checkbox']"); }
    function monthsOf(tr) { return checkboxes(tr, "input.mbox"); }
    function selected() { return rows.filter(function (tr) { return tr.querySelector("input.sel").checked; }); }

    function original(tr) {
      var parts = hidden(tr, "o").value.split("|");
      return { months: Number(parts[0]), villages: parts[1], unit: parts[2], programme: parts[3], location: hidden(tr, "ol").value };
    }
    function mask(boxes) {
      return boxes.reduce(function (m, b) { return b.checked ? m | (1 << Number(b.value)) : m; }, 0);
    }
    function isChanged(tr) {
      var o = original(tr);
      return mask(monthsOf(tr)) !== o.months || hidden(tr, "v").value !== o.villages ||
        hidden(tr, "u").value !== o.unit || hidden(tr, "p").value !== o.programme || hidden(tr, "l").value !== o.location;
    }
    function refresh(tr) {
      if (tr) { tr.classList.toggle("changed", isChanged(tr)); }
      var changed = rows.filter(function (r) { return r.classList.contains("changed"); }).length;
      var ticked = selected().length;
      status.textContent = "เลือก " + num(ticked) + " จาก " + num(rows.length) + " รายการ" +
        (changed ? " · แก้ไขแล้ว " + num(changed) + " รายการ (ยังไม่บันทึก)" : "");
      if (selectAll) {
        selectAll.checked = ticked > 0 && ticked === rows.length;
        selectAll.indeterminate = ticked > 0 && ticked < rows.length;
      }
    }

    // One tab stop for the whole grid; arrow keys move between its boxes (roving tabindex).
    var active = null;
    function activate(input, focus) {
      if (active) { active.tabIndex = -1; }
      active = input;
      input.tabIndex = 0;
      if (focus) { input.focus(); }
    }
    rows.forEach(function (tr) { cellsOf(tr).forEach(function (b) { b.tabIndex = -1; }); });
    if (rows.length) { activate(cellsOf(rows[0])[0], false); }

    if (table) {
      table.tBodies[0].addEventListener("focusin", function (e) {
        if (e.target.type === "checkbox") { activate(e.target, false); }
      });
      table.tBodies[0].addEventListener("keydown", function (e) {
        var input = e.target;
        if (input.type !== "checkbox") { return; }
        var tr = input.closest("tr"), cells = cellsOf(tr), col = cells.indexOf(input), r = rows.indexOf(tr);
        var step = { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10 }[e.key];
        var target = null;
        if (e.key === "ArrowRight") { target = cells[Math.min(col + 1, cells.length - 1)]; }
        else if (e.key === "ArrowLeft") { target = cells[Math.max(col - 1, 0)]; }
        else if (e.key === "Home") { target = cells[0]; }
        else if (e.key === "End") { target = cells[cells.length - 1]; }
        else if (step) { target = cellsOf(rows[Math.max(0, Math.min(rows.length - 1, r + step))])[col]; }
        else { return; }
        e.preventDefault();
        // Shift+←/→ across the month boxes paints them like the box left behind.
        if (e.shiftKey && (e.key === "ArrowRight" || e.key === "ArrowLeft") && input.classList.contains("mbox") && target.classList.contains("mbox")) {
          target.checked = input.checked;
          refresh(tr);
        }
        activate(target, true);
      });
    }

    // Press on a month and drag across the others: each box passed takes the first box's new state.
    // Touch drags in the grid scroll it instead (a tap still ticks one month); the panel's strip paints by touch too.
    var painting = null, handled = false;
    function monthBox(target) {
      if (!(target instanceof Element)) { return null; }
      var label = target.closest("label.month-toggle");
      if (label) { return document.getElementById(label.htmlFor); }
      var cell = target.closest("td.m");
      return cell ? cell.querySelector("input.mbox") : null;
    }
    function stripOf(box) { return box.closest("tr") || box.closest("[data-strip]"); }
    form.addEventListener("pointerdown", function (e) {
      var box = monthBox(e.target);
      if (!box || e.button !== 0) { return; }
      var strip = stripOf(box);
      if (e.pointerType === "touch" && strip.tagName === "TR") { return; }
      if (e.target.hasPointerCapture && e.target.hasPointerCapture(e.pointerId)) { e.target.releasePointerCapture(e.pointerId); }
      e.preventDefault();
      painting = { strip: strip, state: !box.checked };
      handled = true;
      box.checked = painting.state;
      if (strip.tagName === "TR") { activate(box, true); refresh(strip); } else { box.focus(); }
    });
    form.addEventListener("pointerover", function (e) {
      if (!painting) { return; }
      var box = monthBox(e.target);
      if (box && stripOf(box) === painting.strip && box.checked !== painting.state) {
        box.checked = painting.state;
        if (painting.strip.tagName === "TR") { refresh(painting.strip); }
      }
    });
    document.addEventListener("pointerup", function () { painting = null; });
    document.addEventListener("pointercancel", function () { painting = null; });
    form.addEventListener("click", function (e) {
      // The press already set the box; the click that follows must not toggle it back.
      if (handled && monthBox(e.target) && e.detail !== 0) { e.preventDefault(); }
      if (e.detail !== 0) { handled = false; }
    });

    form.addEventListener("change", function (e) {
      var tr = e.target.closest("tbody tr");
      if (tr) { refresh(tr); }
    });
    if (selectAll) {
      selectAll.hidden = false;
      selectAll.addEventListener("change", function () {
        rows.forEach(function (tr) { tr.querySelector("input.sel").checked = selectAll.checked; });
        refresh(null);
      });
    }

    // "ใช้กับรายการที่เลือก" fills the selected rows here, at once; the server shows the summary before saving.
    var apply = document.getElementById("bulk-apply");
    apply.addEventListener("click", function (e) {
      e.preventDefault();
      var months = checkboxes(form, "input[name='set_m']:checked").map(function (b) { return Number(b.value); });
      var villages = checkboxes(form, "input[name='set_v']:checked");
      var unit = form.elements.set_u, programme = form.elements.set_p;
      var place = form.elements.set_l.value.trim().replace(/\s+/g, " ");
      var targets = selected();
      if (!targets.length || (!months.length && !villages.length && !place && !unit.value && !programme.value)) {
        note.textContent = !targets.length ? "ยังไม่ได้เลือกรายการในตาราง" : "ยังไม่ได้เลือกเดือน สถานที่ หน่วยงาน หรือแผนงานที่จะกำหนด";
        return;
      }
      var villageIds = villages.map(function (b) { return b.value; }).sort(function (a, b) { return a - b; }).join(",");
      var villageText = villages.map(function (b) { return b.dataset.short; }).join(", ");
      targets.forEach(function (tr) {
        if (months.length) { monthsOf(tr).forEach(function (b) { b.checked = months.indexOf(Number(b.value)) >= 0; }); }
        if (villages.length) { hidden(tr, "v").value = villageIds; tr.querySelector("[data-show='v']").textContent = villageText; }
        if (place) { hidden(tr, "l").value = place; tr.querySelector("[data-show='l']").textContent = place; }
        var none = tr.querySelector("[data-show='none']");
        if (none && (hidden(tr, "v").value || hidden(tr, "l").value)) { none.remove(); }
        if (unit.value) { hidden(tr, "u").value = unit.value; tr.querySelector("[data-show='u']").textContent = unit.selectedOptions[0].textContent; }
        if (programme.value) { hidden(tr, "p").value = programme.value; tr.querySelector("[data-show='p']").textContent = programme.selectedOptions[0].textContent; }
        tr.classList.toggle("changed", isChanged(tr));
      });
      refresh(null);
      // The panel starts empty again, so that the next rows ticked do not take these values by surprise.
      checkboxes(form, "input[name='set_m'], input[name='set_v']").forEach(function (b) { b.checked = false; });
      unit.value = "";
      programme.value = "";
      form.elements.set_l.value = "";
      note.textContent = "กำหนดค่าให้ " + num(targets.length) + " รายการแล้ว (ยังไม่บันทึก) กด “ตรวจสอบการเปลี่ยนแปลงก่อนบันทึก” เพื่อดูสรุป";
    });

    form.addEventListener("submit", function () { submitting = true; });
    window.addEventListener("beforeunload", function (e) {
      if (!submitting && rows.some(function (tr) { return tr.classList.contains("changed"); })) {
        e.preventDefault();
        e.returnValue = "";
      }
    });
    refresh(null);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var list = document.getElementById("bulk-open");
    if (list) { initListSelection(list); }
    var grid = document.getElementById("bulk-form");
    if (grid) { initGrid(grid); }
  });
})();
