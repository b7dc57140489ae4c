// claimledger: a timeline of figures, drawn with Chart.js (installed with npm at build time, served from /vendor/).
// Reads the data the page carries (a JSON script element: data, never run). Each line is a claimant's figures; they
// are told apart by their marks and dashes, all in one ink: colour never says who made a claim.
(function () {
  "use strict";

  var canvas = document.getElementById("timeline");
  var source = document.getElementById("timeline-data");
  if (!canvas || !source || typeof window.Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var DAY = 86400000;
  var marks = ["circle", "rect", "triangle", "rectRot", "star", "crossRot"];
  var dashes = [[], [6, 4], [2, 3], [10, 3, 2, 3]];
  var ink = getComputedStyle(document.documentElement).getPropertyValue("--ink").trim() || "#1f2328";
  var muted = getComputedStyle(document.documentElement).getPropertyValue("--muted").trim() || "#5b636d";

  function day(iso) {
    return Date.parse(iso + "T00:00:00Z") / DAY;
  }

  var datasets = data.lines.map(function (line, index) {
    return {
      label: line.label,
      data: line.points.map(function (p) { return {x: day(p.day), y: p.value, claim: p.claim, date: p.date}; }),
      showLine: true,
      borderColor: ink,
      backgroundColor: ink,
      borderDash: dashes[index % dashes.length],
      pointStyle: marks[index % marks.length],
      pointRadius: 4,
      tension: 0
    };
  });
  if (data.ranges.length) {
    datasets.push({
      label: "low and high of the day",
      data: data.ranges.map(function (r) { return {x: day(r.day), y: r.low, high: r.high}; }),
      showLine: false,
      pointStyle: "line",
      borderColor: muted,
      backgroundColor: muted
    });
  }
  new window.Chart(canvas, {
    type: "scatter",
    data: {datasets: datasets},
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        x: {ticks: {callback: function (value) { return new Date(value * DAY).toISOString().slice(0, 10); }}},
        y: {beginAtZero: true}
      },
      plugins: {
        tooltip: {callbacks: {label: function (item) {
          var point = item.raw;
          var when = point.date || new Date(point.x * DAY).toISOString().slice(0, 10);
          return item.dataset.label + ": " + point.y.toLocaleString() + " (" + when + ")";
        }}}
      },
      onClick: function (event, elements) {
        if (elements.length) {
          var point = datasets[elements[0].datasetIndex].data[elements[0].index];
          if (point.claim) {
            window.location.assign("/claims/" + encodeURIComponent(point.claim));
          }
        }
      }
    }
  });
}());
