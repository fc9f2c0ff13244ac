// Behaviour every page shares, kept out of the HTML so that the Content-Security-Policy can forbid inline
// scripts, inline event handlers and inline styles:
//   <select data-autosubmit>  submits its form when changed (language choice);
//   <span data-width="42">   a progress bar filled to 42 %;
//   <span data-indent="2">   the indentation of a tree row (2.5em);
//   #menu-toggle             on a phone, opens and closes the folded menu (the person's line and the modules);
//   main table               wrapped in <div class="table-scroll">, so a wide table scrolls in its own box
//                            (focusable when it does scroll, for keyboard users) instead of the whole page;
//   .checklist               a filter box over a list of checkboxes (core.widgets.UnitChecklist): typing hides
//                            the entries that do not match (accents and case ignored) and the count is kept.
// Setting element.style from a script file is allowed by the policy; a style="" attribute is not.
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  function markScrollable(box) {
    if (box.scrollWidth > box.clientWidth + 1) box.setAttribute("tabindex", "0");
    else box.removeAttribute("tabindex");
  }
  function wrapTables(root) {
    root.querySelectorAll("table").forEach(function (table) {
      if (!table.closest("main") || table.parentElement.classList.contains("table-scroll")) return;
      var box = document.createElement("div");
      box.className = "table-scroll";
      table.parentNode.insertBefore(box, table);
      box.appendChild(table);
      markScrollable(box);
    });
  }
  function countChecked(list) {
    var out = list.querySelector(".checklist-count");
    if (!out) return;
    var n = list.querySelectorAll("input[type=checkbox]:checked").length;
    out.textContent = (out.dataset.template || "{n}").replace("{n}", String(n));
  }
  function apply(root) {
    wrapTables(root);
    root.querySelectorAll(".checklist").forEach(countChecked);
    root.querySelectorAll("[data-width]").forEach(function (el) {
      var v = parseFloat(el.dataset.width);
      if (!isNaN(v)) el.style.width = Math.max(0, Math.min(100, v)) + "%";
    });
    root.querySelectorAll("[data-indent]").forEach(function (el) {
      var d = parseInt(el.dataset.indent, 10);
      if (!isNaN(d)) el.style.width = d + ".5em";
    });
  }
  document.addEventListener("input", function (e) {
    var box = e.target;
    if (!box.matches || !box.matches(".checklist-filter")) return;
    var wanted = fold(box.value.trim());
    box.closest(".checklist").querySelectorAll("li").forEach(function (li) {
      li.hidden = wanted !== "" && fold(li.textContent).indexOf(wanted) === -1;
    });
  });
  document.addEventListener("click", function (e) {
    var button = e.target.closest && e.target.closest("#menu-toggle");
    if (!button) return;
    var open = document.body.classList.toggle("menu-open");
    button.setAttribute("aria-expanded", open ? "true" : "false");
  });
  window.addEventListener("resize", function () {
    document.querySelectorAll(".table-scroll").forEach(markScrollable);
  });
  document.addEventListener("change", function (e) {
    var el = e.target;
    if (el.matches && el.matches(".checklist input[type=checkbox]")) countChecked(el.closest(".checklist"));
    if (el.matches && el.matches("select[data-autosubmit]") && el.form) el.form.submit();
  });
  document.addEventListener("DOMContentLoaded", function () { apply(document); });
  // Rows swapped in by htmx get the same treatment.
  document.addEventListener("htmx:afterSwap", function (e) { apply(e.target); });
  if (document.readyState !== "loading") apply(document);
})();
