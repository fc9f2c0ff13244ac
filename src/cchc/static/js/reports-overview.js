// The director's overview charts with the vendored Apache ECharts and its Vietnamese locale (no CDN).
// Data from the page (json_script "chart-data", built by reports.views.overview._chart_data). Legible in
// grey and on paper: every bar and point carries its value as a label, series differ by pattern (decal)
// and line style, not by colour alone. A click on a bar or point opens the rows behind it.
(function () {
  "use strict";
  var src = document.getElementById("chart-data");
  if (!src || !window.echarts) return;
  var d = JSON.parse(src.textContent);
  var num = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 2 });
  function fmt(v) { return v == null ? "—" : num.format(v); }
  var label = { show: true, color: "#000", formatter: function (p) { return fmt(p.value); } };
  var grey = ["#333", "#888", "#bbb", "#555", "#999", "#ddd"];
  var aria = { enabled: true, decal: { show: true } };
  var builders = {
    states: function () {
      return {
        urls: null,
        option: {
          aria: aria, color: grey, grid: { left: 150, right: 40, top: 8, bottom: 24 },
          xAxis: { type: "value", minInterval: 1 },
          yAxis: { type: "category", data: d.states.labels.slice().reverse(), axisLabel: { interval: 0 } },
          series: [{ type: "bar", data: d.states.data.slice().reverse(), label: Object.assign({ position: "right" }, label) }]
        }
      };
    },
    score: function () {
      return {
        urls: d.score.urls,
        option: {
          aria: aria, color: grey, tooltip: { trigger: "axis", valueFormatter: fmt },
          grid: { left: 40, right: 16, top: 24, bottom: 32 },
          xAxis: { type: "category", data: d.score.labels }, yAxis: { type: "value", min: 0, max: 100 },
          series: [{ name: d.score.name, type: "line", data: d.score.data, symbol: "rect", symbolSize: 8,
                     lineStyle: { width: 2, type: "solid" }, label: Object.assign({ position: "top" }, label) }]
        }
      };
    },
    cuts: function () {
      return {
        urls: d.cuts.urls,
        option: {
          aria: aria, color: grey, legend: { top: 0 }, tooltip: { trigger: "axis", valueFormatter: fmt },
          grid: { left: 40, right: 16, top: 32, bottom: 56 },
          xAxis: { type: "category", data: d.cuts.labels, axisLabel: { interval: 0, width: 110, overflow: "break" } },
          yAxis: { type: "value", min: 0, max: 100 },
          series: [
            { name: d.cuts.name, type: "bar", data: d.cuts.data, label: Object.assign({ position: "top" }, label) },
            { name: d.cuts.goal_name, type: "line", data: d.cuts.goals, symbol: "triangle", symbolSize: 10,
              lineStyle: { type: "dashed", width: 1 }, label: Object.assign({ position: "right" }, label) }
          ]
        }
      };
    },
    share: function (el) {
      var s = d.shares.filter(function (x) { return x.key === el.dataset.key; })[0];
      if (!s) return null;
      return {
        urls: s.urls,
        option: {
          aria: aria, color: grey, tooltip: { trigger: "axis", valueFormatter: fmt },
          grid: { left: 36, right: 12, top: 20, bottom: 24 },
          xAxis: { type: "category", data: s.labels }, yAxis: { type: "value", min: 0, max: 100 },
          series: [{ name: s.name, type: "bar", data: s.data, label: Object.assign({ position: "top" }, label) }]
        }
      };
    }
  };
  var charts = [];
  document.querySelectorAll("[data-chart]").forEach(function (el) {
    var build = builders[el.dataset.chart];
    var made = build ? build(el) : null;
    if (!made) return;
    var chart = window.echarts.init(el, null, { locale: "VI", renderer: "svg" });
    chart.setOption(made.option);
    if (made.urls) {
      chart.on("click", function (p) {
        var url = made.urls[p.dataIndex];
        if (url) window.location.href = url;
      });
    }
    charts.push(chart);
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  window.addEventListener("beforeprint", function () { charts.forEach(function (c) { c.resize(); }); });
})();
