// The PAR self-assessment's history chart with the vendored Apache ECharts and its Vietnamese locale.
// Data from the page (json_script "chart-data"): years, one series of points per field, the total.
(function () {
  "use strict";
  var src = document.getElementById("chart-data");
  var el = document.querySelector("[data-chart=history]");
  if (!src || !el || !window.echarts) return;
  var d = JSON.parse(src.textContent);
  var num = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 2 });
  function fmt(v) { return v == null ? "—" : num.format(v); }
  var series = d.fields.map(function (f) { return { name: f.name, type: "bar", stack: "fields", data: f.data }; });
  series.push({ name: "Tổng điểm", type: "line", data: d.total, label: { show: true, formatter: function (p) { return fmt(p.value); } } });
  var chart = window.echarts.init(el, null, { locale: "VI", renderer: "canvas" });
  chart.setOption({
    tooltip: { trigger: "axis", valueFormatter: fmt }, legend: { top: 0, type: "scroll" },
    grid: { left: 48, right: 16, top: 56, bottom: 32 },
    xAxis: { type: "category", data: d.years }, yAxis: { type: "value", min: 0, name: "điểm" }, series: series
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
