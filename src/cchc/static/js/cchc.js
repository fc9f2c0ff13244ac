// Behaviour every page shares, kept out of the HTML so that the Content-Security-Policy can forbid inline
// scripts, inline event handlers and inline styles:
//   <select data-autosubmit>  submits its form when changed (language choice);
//   <span data-width="42">   a progress bar filled to 42 %;
//   <span data-indent="2">   the indentation of a tree row (2.5em).
// Setting element.style from a script file is allowed by the policy; a style="" attribute is not.
(function () {
  "use strict";
  function apply(root) {
    root.querySelectorAll("[data-width]").forEach(function (el) {
      var v = parseFloat(el.dataset.width);
      if (!isNaN(v)) el.style.width = Math.max(0, Math.min(100, v)) + "%";
    });
    root.querySelectorAll("[data-indent]").forEach(function (el) {
      var d = parseInt(el.dataset.indent, 10);
      if (!isNaN(d)) el.style.width = d + ".5em";
    });
  }
  document.addEventListener("change", function (e) {
    var el = e.target;
    if (el.matches && el.matches("select[data-autosubmit]") && el.form) el.form.submit();
  });
  document.addEventListener("DOMContentLoaded", function () { apply(document); });
  // Rows swapped in by htmx get the same treatment.
  document.addEventListener("htmx:afterSwap", function (e) { apply(e.target); });
  if (document.readyState !== "loading") apply(document);
})();
