// "Tạo thủ công": as many task rows as needed. Each row is a form of the Django formset "tasks"; adding one
// copies an empty row and numbers its fields, removing one renumbers the rest and the TOTAL_FORMS count,
// so the server reads exactly the rows on the screen. Without JavaScript the page still posts its rows.
(function () {
  "use strict";
  var box = document.getElementById("task-rows");
  var total = document.getElementById("id_tasks-TOTAL_FORMS");
  var addButton = document.getElementById("add-task-row");
  if (!box || !total || !addButton) return;
  var first = box.querySelector(".task-form");
  if (!first) return;
  var blank = first.cloneNode(true);
  blank.querySelectorAll(".errorlist").forEach(function (el) { el.remove(); });
  blank.querySelectorAll("input, textarea, select").forEach(function (el) {
    if (el.type === "checkbox") el.checked = el.name.slice(-8) === "-include";
    else if (el.tagName === "SELECT") Array.prototype.forEach.call(el.options, function (o) {
      o.selected = el.multiple ? false : o.defaultSelected && o.index === 0;
    });
    else if (el.type !== "hidden" || el.name.slice(-5) === "-span") el.value = "";
  });

  function renumber() {
    var rows = box.querySelectorAll(".task-form");
    rows.forEach(function (row, i) {
      row.id = "task-form-" + i;
      row.querySelectorAll("[name], [id], label[for]").forEach(function (el) {
        ["name", "id", "for"].forEach(function (attr) {
          var v = el.getAttribute(attr);
          if (v) el.setAttribute(attr, v.replace(/tasks-\d+-/, "tasks-" + i + "-"));
        });
      });
      var remove = row.querySelector(".remove-task-row");
      if (remove) remove.hidden = rows.length < 2;
    });
    total.value = rows.length;
  }

  function withRemove(row) {
    if (!row.querySelector(".remove-task-row")) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "secondary remove-task-row";
      b.textContent = box.dataset.removeLabel || "−";
      row.appendChild(b);
    }
    return row;
  }

  box.querySelectorAll(".task-form").forEach(withRemove);
  box.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest(".remove-task-row");
    if (!b) return;
    b.closest(".task-form").remove();
    renumber();
  });
  addButton.addEventListener("click", function () {
    var row = withRemove(blank.cloneNode(true));
    box.appendChild(row);
    renumber();
    row.querySelectorAll(".checklist input[type=checkbox]").forEach(function (el, i) {
      if (i === 0) el.dispatchEvent(new Event("change", { bubbles: true }));  // the "selected" count
    });
    var summary = row.querySelector("textarea");
    if (summary) summary.focus();
  });
  addButton.hidden = false;
  renumber();
})();
