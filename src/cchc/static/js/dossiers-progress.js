// Import job page: poll the status URL every second and move the progress bar; reload when finished so
// the page shows the counts, the quarantine list and the actions. No library, no CDN.
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box || box.dataset.finished === "1") return;
  var bar = document.querySelector("#job-progress > div");
  var rows = document.getElementById("job-rows");
  var status = document.getElementById("job-status");
  var fmt = new Intl.NumberFormat("vi-VN");
  function tick() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        bar.style.width = s.percent + "%";
        bar.parentNode.setAttribute("aria-valuenow", s.percent);
        status.textContent = s.status_label;
        if (s.rows_total) rows.textContent = "Đã xử lý " + fmt.format(s.rows_done) + "/" + fmt.format(s.rows_total) + " dòng";
        if (s.finished) { window.location.reload(); } else { window.setTimeout(tick, 1000); }
      })
      .catch(function () { window.setTimeout(tick, 3000); });
  }
  window.setTimeout(tick, 1000);
})();
