// Charts of the dossier pages with the vendored Apache ECharts and its Vietnamese locale (no CDN).
// Data comes from the page (json_script "chart-data"); each <div data-chart="…"> gets one chart.
(function () {
  "use strict";
  var src = document.getElementById("chart-data");
  if (!src || !window.echarts) return;
  var d = JSON.parse(src.textContent);
  var num = new Intl.NumberFormat("vi-VN", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  function fmt(v) { return v == null ? "—" : num.format(v); }
  var tooltip = { trigger: "axis", valueFormatter: fmt };
  var builders = {
    total: function () {
      return {
        tooltip: tooltip, grid: { left: 48, right: 16, top: 24, bottom: 32 },
        xAxis: { type: "category", data: d.months },
        yAxis: { type: "value", min: 0, max: 100, name: "điểm" },
        series: [{ name: "Tổng điểm", type: "line", data: d.total, smooth: true, label: { show: true, formatter: function (p) { return fmt(p.value); } } }]
      };
    },
    groups: function () {
      return {
        tooltip: tooltip, legend: { top: 0 }, grid: { left: 48, right: 16, top: 48, bottom: 32 },
        xAxis: { type: "category", data: d.months }, yAxis: { type: "value", min: 0, max: 100 },
        series: d.groups.map(function (g) { return { name: g.name, type: "bar", stack: "groups", data: g.data }; })
      };
    },
    units: function () {
      return {
        tooltip: { trigger: "axis", valueFormatter: fmt }, grid: { left: 90, right: 48, top: 16, bottom: 24 },
        xAxis: { type: "value", min: 0, max: 100 },
        yAxis: { type: "category", data: d.units.slice().reverse(), axisLabel: { interval: 0 } },
        series: [{ name: "Tổng điểm", type: "bar", data: d.unit_totals.slice().reverse(), label: { show: true, position: "right", formatter: function (p) { return fmt(p.value); } } }]
      };
    },
    trend: function () {
      var opt = builders.groups();
      opt.series.push({ name: "Tổng điểm", type: "line", data: d.total });
      return opt;
    }
  };
  // A click on a bar or a point — anywhere in its category's band of the plot, so a thin line's point is
  // easy to hit — opens the list behind it (URLs built by the view: indicators._chart_data).
  var links = {
    total: { axis: "x", urls: function () { return d.month_urls; } },
    groups: { axis: "x", urls: function () { return d.month_urls; } },
    trend: { axis: "x", urls: function () { return d.month_urls; } },
    units: { axis: "y", urls: function () { return d.unit_urls.slice().reverse(); } }
  };
  var charts = [];
  document.querySelectorAll("[data-chart]").forEach(function (el) {
    var build = builders[el.dataset.chart];
    if (!build) return;
    var chart = window.echarts.init(el, null, { locale: "VI", renderer: "canvas" });
    chart.setOption(build());
    var link = links[el.dataset.chart];
    if (link) {
      var zr = chart.getZr();
      zr.on("click", function (e) {
        var at = [e.offsetX, e.offsetY];
        if (!chart.containPixel("grid", at)) return;
        var finder = link.axis === "x" ? { xAxisIndex: 0 } : { yAxisIndex: 0 };
        var index = chart.convertFromPixel(finder, link.axis === "x" ? at[0] : at[1]);
        var url = link.urls()[Math.round(index)];
        if (url) window.location.assign(url);
      });
      zr.on("mousemove", function (e) {
        zr.setCursorStyle(chart.containPixel("grid", [e.offsetX, e.offsetY]) ? "pointer" : "default");
      });
    }
    charts.push(chart);
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
