// Draws the page's chart from its JSON data block with plotly.js (served by this server).
// Labels are escaped before they reach plotly, which reads a little HTML in text.
"use strict";

(function () {
  const QUAD_COLOURS = ["#7fbf7b", "#1b7837", "#f1a340", "#b2182b"];
  const QUAD_NAMES = ["verbal cooperation", "material cooperation", "verbal conflict", "material conflict"];
  const CONFIG = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["sendDataToCloud"] };
  const FONT = { family: "system-ui, sans-serif", size: 12 };

  function esc(value) {
    return String(value === null || value === undefined ? "" : value)
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function baseLayout(extra) {
    return Object.assign({ font: FONT, margin: { l: 50, r: 50, t: 20, b: 40 }, hovermode: "closest",
      plot_bgcolor: "#fff", paper_bgcolor: "#fff", legend: { orientation: "h", y: -0.15 } }, extra);
  }

  // A date axis around few points: without a range plotly zooms in to milliseconds.
  function dateAxis(x) {
    if (x.length >= 3) return { type: "date" };
    const day = 86400000;
    const times = x.map((d) => Date.parse(d));
    const lo = times.length ? Math.min(...times) : Date.now();
    const hi = times.length ? Math.max(...times) : Date.now();
    return { type: "date", range: [new Date(lo - 10 * day).toISOString().slice(0, 10),
      new Date(hi + 10 * day).toISOString().slice(0, 10)] };
  }

  function trend(data) {
    const x = data.points.map((p) => p.period);
    const traces = [0, 1, 2, 3].map((q) => ({
      type: "bar", name: QUAD_NAMES[q], x: x, marker: { color: QUAD_COLOURS[q] },
      y: data.points.map((p) => (q < 2 ? p.quads[q] : -p.quads[q])),
      hovertemplate: "%{x}: %{customdata} " + QUAD_NAMES[q] + "<extra></extra>",
      customdata: data.points.map((p) => p.quads[q]),
    }));
    traces.push({ type: "scatter", mode: "lines+markers", name: "mean Goldstein", x: x, yaxis: "y2",
      y: data.points.map((p) => p.goldstein), line: { color: "#333", width: 2 } });
    // Symmetric ranges put the zero of both axes on the same line.
    const most = Math.max(1, ...data.points.map((p) => Math.max(p.quads[0] + p.quads[1], p.quads[2] + p.quads[3])));
    return [traces, baseLayout({ barmode: "relative", xaxis: dateAxis(x),
      yaxis: { title: { text: "events (conflict below 0)" }, zeroline: true, range: [-most * 1.1, most * 1.1] },
      yaxis2: { title: { text: "mean Goldstein" }, overlaying: "y", side: "right", range: [-10, 10], dtick: 5 } })];
  }

  function dyad(data) {
    const traces = [];
    const ways = { "a->b": data.a + " → " + data.b, "b->a": data.b + " → " + data.a };
    const colours = { "a->b": "#2166ac", "b->a": "#e08214" };
    for (const way of ["a->b", "b->a"]) {
      const pts = data.points.filter((p) => p.direction === way);
      traces.push({ type: "scatter", mode: "lines+markers", name: esc(ways[way]) + " Goldstein",
        x: pts.map((p) => p.period), y: pts.map((p) => p.goldstein), line: { color: colours[way] },
        text: pts.map((p) => p.events + " events"), hovertemplate: "%{x}: %{y} (%{text})<extra></extra>" });
    }
    const periods = Array.from(new Set(data.points.map((p) => p.period))).sort();
    for (let q = 0; q < 4; q++) {
      traces.push({ type: "bar", name: QUAD_NAMES[q], x: periods, xaxis: "x", yaxis: "y2",
        marker: { color: QUAD_COLOURS[q] },
        y: periods.map((d) => data.points.filter((p) => p.period === d).reduce((s, p) => s + p.quads[q], 0)) });
    }
    return [traces, baseLayout({ barmode: "stack", xaxis: dateAxis(periods),
      yaxis: { domain: [0.45, 1], range: [-10.5, 10.5], title: { text: "mean Goldstein" }, zeroline: true },
      yaxis2: { domain: [0, 0.35], title: { text: "events" } } })];
  }

  function network(data) {
    const where = {};
    data.nodes.forEach((n) => { where[n.code] = n; });
    const most = Math.max(1, ...data.edges.map((e) => e.events));
    const traces = data.edges.map((e) => ({
      type: "scatter", mode: "lines", hoverinfo: "skip", showlegend: false,
      x: [where[e.source].x, where[e.target].x], y: [where[e.source].y, where[e.target].y],
      line: { width: 1 + 7 * Math.sqrt(e.events / most), color: e.cooperative ? "#1b7837" : "#b2182b" },
      opacity: 0.65,
    }));
    const annotations = data.edges.map((e) => ({
      x: where[e.target].x, y: where[e.target].y, ax: where[e.source].x, ay: where[e.source].y,
      xref: "x", yref: "y", axref: "x", ayref: "y", text: "", showarrow: true, arrowhead: 2,
      arrowsize: 1, arrowwidth: 1, standoff: 12, startstandoff: 12,
      arrowcolor: e.cooperative ? "#1b7837" : "#b2182b", opacity: 0.8,
    }));
    const maxNode = Math.max(1, ...data.nodes.map((n) => n.events));
    traces.push({ type: "scatter", mode: "markers+text", showlegend: false,
      x: data.nodes.map((n) => n.x), y: data.nodes.map((n) => n.y),
      text: data.nodes.map((n) => esc(n.code)), textposition: "top center",
      customdata: data.nodes.map((n) => n.code),
      hovertext: data.nodes.map((n) => esc(n.code) + ": " + n.events + " events"), hoverinfo: "text",
      marker: { size: data.nodes.map((n) => 10 + 25 * Math.sqrt(n.events / maxNode)), color: "#4d4d4d" } });
    const axis = { visible: false, range: [-1.2, 1.2] };
    return [traces, baseLayout({ xaxis: axis, yaxis: Object.assign({ scaleanchor: "x" }, axis), annotations: annotations })];
  }

  function map(data) {
    const traces = [{ type: "scatter", mode: "markers", name: "towns", hoverinfo: "skip", showlegend: false,
      x: data.land.lon, y: data.land.lat, marker: { size: 3, color: "#c8c8c8", symbol: "square" } }];
    const most = Math.max(1, ...data.points.map((p) => p.events));
    traces.push({ type: "scatter", mode: "markers", name: "events", showlegend: false,
      x: data.points.map((p) => p.lon), y: data.points.map((p) => p.lat),
      hovertext: data.points.map((p) => esc(p.name) + (p.country ? " (" + esc(p.country) + ")" : "") +
        ": " + p.events + " events, mean Goldstein " + p.goldstein), hoverinfo: "text",
      marker: { size: data.points.map((p) => 8 + 30 * Math.sqrt(p.events / most)),
        color: data.points.map((p) => p.goldstein), colorscale: [[0, "#b2182b"], [0.5, "#f7f7f7"], [1, "#1b7837"]], cmin: -10, cmax: 10,
        showscale: true, colorbar: { title: { text: "Goldstein" } }, line: { width: 1, color: "#333" }, opacity: 0.85 } });
    return [traces, baseLayout({ margin: { l: 30, r: 10, t: 10, b: 30 },
      xaxis: { range: [-180, 180], showgrid: true, gridcolor: "#eee", zeroline: false, dtick: 30 },
      yaxis: { range: [-60, 85], scaleanchor: "x", showgrid: true, gridcolor: "#eee", zeroline: false, dtick: 30 } })];
  }

  const DRAW = { trend: trend, dyad: dyad, network: network, map: map };

  function draw() {
    const block = document.getElementById("chart-data");
    const target = document.getElementById("chart");
    if (!block || !target || typeof Plotly === "undefined") return;
    const data = JSON.parse(block.textContent);
    const build = DRAW[data.kind];
    if (!build) return;
    const [traces, layout] = build(data);
    Plotly.newPlot(target, traces, layout, CONFIG).then(() => {
      target.dataset.ready = "true";
      if (data.kind === "network") {
        target.on("plotly_click", (ev) => {
          const code = ev.points[0] && ev.points[0].customdata;
          if (code && /^[A-Z0-9]+$/.test(code)) window.location.assign("/actors/" + code);
        });
      }
    });
  }

  // Following a trigger's link opens its event's details in the sidebar.
  function openTarget() {
    const id = decodeURIComponent(window.location.hash.slice(1));
    const node = id && document.getElementById(id);
    if (node && node.tagName === "DETAILS") { node.open = true; node.scrollIntoView({ block: "nearest" }); }
  }

  document.addEventListener("DOMContentLoaded", () => { draw(); openTarget(); });
  window.addEventListener("hashchange", openTarget);
})();
