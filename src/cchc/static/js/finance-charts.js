// The autonomy trend of one public-service unit with the vendored Apache ECharts and its Vietnamese locale.
// Data from the page (json_script "chart-data"): years, the self-financing share (%), the group and the target
// group. Bars for the share, lines with distinct symbols and dash styles for the groups: legible in grey and print.
(function () {
  "use strict";
  var src = document.getElementById("chart-data");
  var el = document.querySelector("[data-chart=autonomy]");
  if (!src || !el || !window.echarts) return;
  var d = JSON.parse(src.textContent);
  var num = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 2 });
  function fmt(v) { return v == null ? "—" : num.format(v); }
  var chart = window.echarts.init(el, null, { locale: "VI", renderer: "canvas" });
  chart.setOption({
    aria: { enabled: true, decal: { show: true } },
    tooltip: { trigger: "axis", valueFormatter: fmt }, legend: { top: 0 },
    grid: { left: 56, right: 56, top: 48, bottom: 32 },
    xAxis: { type: "category", data: d.years },
    yAxis: [
      { type: "value", min: 0, name: "%" },
      { type: "value", min: 1, max: 4, interval: 1, inverse: true, name: d.labels.group }
    ],
    series: [
      { name: d.labels.share, type: "bar", data: d.share, itemStyle: { color: "#555" },
        label: { show: true, position: "top", formatter: function (p) { return fmt(p.value); } } },
      { name: d.labels.group, type: "line", yAxisIndex: 1, data: d.group, symbol: "circle", symbolSize: 10,
        lineStyle: { color: "#000", width: 2 }, itemStyle: { color: "#000" } },
      { name: d.labels.target, type: "line", yAxisIndex: 1, data: d.target, symbol: "triangle", symbolSize: 10,
        lineStyle: { color: "#888", width: 2, type: "dashed" }, itemStyle: { color: "#888" } }
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
