// The interactive charts of an sfbench report page. Written for sfbench,
// with no library: it reads the page's data (the script element
// #sfbench-data), draws one SVG chart per problem into each .charts
// element, and marks the body when it is done (data-rendered="yes",
// data-charts = how many) so that a test can tell the page rendered.
// Errors are counted in data-errors.
(function () {
  "use strict";
  var body = document.body;
  var errors = 0;
  // In the capture phase, so that a resource that fails to load counts too.
  window.addEventListener("error", function () {
    errors++;
    body.setAttribute("data-errors", String(errors));
  }, true);

  var SVG = "http://www.w3.org/2000/svg";
  var W = 640, H = 400, M = { left: 74, right: 16, top: 16, bottom: 50 };

  function el(name, attrs, parent, text) {
    var e = document.createElementNS(SVG, name);
    for (var k in attrs) {
      if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, attrs[k]);
    }
    if (text !== undefined) e.textContent = text;
    if (parent) parent.appendChild(e);
    return e;
  }

  function html(name, cls, parent, text) {
    var e = document.createElement(name);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    if (parent) parent.appendChild(e);
    return e;
  }

  // fmt shows a number with four significant digits, or in exponent form
  // when it is very large or small.
  function fmt(v) {
    if (v === 0) return "0";
    var a = Math.abs(v);
    if (a >= 1e5 || a < 1e-3) return v.toExponential(2);
    return String(Number(v.toPrecision(4)));
  }

  // fmtRate shows a learning rate as a power of two when it is one.
  function fmtRate(v) {
    var k = Math.log2(v);
    if (Math.abs(k - Math.round(k)) < 1e-9) return "2^" + Math.round(k);
    return fmt(v);
  }

  function linearTicks(lo, hi, n) {
    if (!(hi > lo)) return [lo];
    var step = Math.pow(10, Math.floor(Math.log10((hi - lo) / n)));
    var err = (hi - lo) / n / step;
    if (err >= 7.5) step *= 10; else if (err >= 3.5) step *= 5; else if (err >= 1.5) step *= 2;
    var out = [];
    for (var t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Math.abs(t) < step * 1e-9 ? 0 : t);
    return out;
  }

  // logTicks are powers of base within [lo, hi]; a range of less than
  // a few powers of ten also gets 2× and 5× ticks, and a range within one
  // power linear ones.
  function logTicks(lo, hi, base, n) {
    var a = Math.floor(Math.log(lo) / Math.log(base)), b = Math.ceil(Math.log(hi) / Math.log(base));
    var every = Math.max(1, Math.ceil((b - a + 1) / n));
    var within = function (t) { return t >= lo * (1 - 1e-9) && t <= hi * (1 + 1e-9); };
    var out = [];
    for (var k = a; k <= b; k++) {
      var t = Math.pow(base, k);
      if ((k - a) % every === 0 && within(t)) out.push(t);
    }
    if (out.length < 3 && base === 10) {
      out = [];
      for (k = a; k <= b; k++) {
        [1, 2, 5].forEach(function (m) {
          var t = m * Math.pow(10, k);
          if (within(t)) out.push(t);
        });
      }
    }
    return out.length >= 3 ? out : linearTicks(lo, hi, n).filter(function (t) { return t > 0; });
  }

  function scale(lo, hi, from, to, log) {
    if (log) {
      lo = Math.log(lo); hi = Math.log(hi);
    }
    var span = hi - lo || 1;
    return function (v) {
      var x = log ? Math.log(v) : v;
      return from + (x - lo) / span * (to - from);
    };
  }

  // extent is [min, max] of the values of the visible series that the axis
  // can show (positive ones on a log axis).
  function extent(series, keys, log) {
    var lo = Infinity, hi = -Infinity;
    series.forEach(function (s) {
      keys.forEach(function (k) {
        (s[k] || []).forEach(function (v) {
          if (log && !(v > 0)) return;
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        });
      });
    });
    if (lo === Infinity) return null;
    if (lo === hi) {
      if (log) { lo /= 2; hi *= 2; } else { lo -= 0.5 * (Math.abs(lo) || 1); hi += 0.5 * (Math.abs(hi) || 1); }
    } else if (!log) {
      var pad = (hi - lo) * 0.04;
      lo -= pad; hi += pad;
    }
    return [lo, hi];
  }

  function pathOf(xs, ys, sx, sy, ok) {
    var d = "", pen = false;
    for (var i = 0; i < xs.length; i++) {
      if (!ok(xs[i], ys[i])) { pen = false; continue; }
      d += (pen ? "L" : "M") + sx(xs[i]).toFixed(2) + "," + sy(ys[i]).toFixed(2);
      pen = true;
    }
    return d;
  }

  // split separates a metric measured at another evaluation point
  // ("y:test_acc") into its point and metric.
  function split(name, own) {
    var i = name.indexOf(":");
    return i < 0 ? [own, name] : [name.slice(0, i), name.slice(i + 1)];
  }

  function drawChart(box, ch, kind) {
    var own = ch.point || "x";
    var names = [], points = [];
    Object.keys(ch.metrics).sort().forEach(function (k) {
      var pm = split(k, own);
      if (points.indexOf(pm[0]) < 0) points.push(pm[0]);
      if (names.indexOf(pm[1]) < 0) names.push(pm[1]);
    });
    points.sort();
    var first = split(ch.metric in ch.metrics ? ch.metric : Object.keys(ch.metrics)[0], own);
    var state = { point: first[0], metric: first[1], hidden: {}, logy: null, logx: !!ch.logx };
    var key = function () { return state.point === own ? state.metric : state.point + ":" + state.metric; };
    var controls = html("div", "controls", box);
    html("strong", "", controls, ch.title);
    var label = html("label", "", controls, "metric ");
    var select = html("select", "", label);
    names.forEach(function (m) {
      var o = html("option", "", select, m);
      o.value = m;
      if (m === state.metric) o.selected = true;
    });
    var pointSelect = null;
    if (points.length > 1) {
      var pl = html("label", "", controls, "at ");
      pointSelect = html("select", "", pl);
      points.forEach(function (p) {
        var o = html("option", "", pointSelect, p);
        o.value = p;
        if (p === state.point) o.selected = true;
      });
      pointSelect.addEventListener("change", function () { state.point = pointSelect.value; state.logy = null; render(); });
    }
    var logLabel = html("label", "", controls);
    var logBox = html("input", "", logLabel);
    logBox.type = "checkbox";
    logLabel.appendChild(document.createTextNode(" log y"));
    var logxLabel = html("label", "", controls);
    var logxBox = html("input", "", logxLabel);
    logxBox.type = "checkbox";
    logxBox.checked = state.logx;
    logxLabel.appendChild(document.createTextNode(" log x"));
    logxBox.addEventListener("change", function () { state.logx = logxBox.checked; render(); });
    var svg = el("svg", { viewBox: "0 0 " + W + " " + H, role: "img" }, box);
    var legend = html("div", "legend", box);
    var tip = html("div", "tip", box);

    select.addEventListener("change", function () { state.metric = select.value; state.logy = null; render(); });
    logBox.addEventListener("change", function () { state.logy = logBox.checked; render(); });

    function render() {
      while (svg.firstChild) svg.removeChild(svg.firstChild);
      var cm = ch.metrics[key()];
      if (!cm) {
        drawLegend([]);
        el("text", { x: W / 2, y: H / 2, "text-anchor": "middle", "class": "empty" }, svg,
          state.metric + " was not measured at " + state.point);
        return;
      }
      if (state.logy === null) state.logy = cm.logy;
      logBox.checked = state.logy;
      el("title", {}, svg, ch.title + ": " + cm.ylabel);
      var shown = cm.series.filter(function (s) { return !state.hidden[s.label]; });
      drawLegend(cm.series);
      var xr = extent(shown, ["x", "diverged", "unstable"], state.logx);
      var yr = extent(shown, ["y", "lo", "hi"], state.logy);
      if (!xr || !yr) {
        el("text", { x: W / 2, y: H / 2, "text-anchor": "middle", "class": "empty" }, svg,
          shown.length ? "no finite values to show" : "every series is hidden");
        return;
      }
      var sx = scale(xr[0], xr[1], M.left, W - M.right, state.logx);
      var sy = scale(yr[0], yr[1], H - M.bottom, M.top, state.logy);
      var xt = state.logx ? logTicks(xr[0], xr[1], ch.logx ? 2 : 10, 10) : linearTicks(xr[0], xr[1], 6);
      var yt = state.logy ? logTicks(yr[0], yr[1], 10, 6) : linearTicks(yr[0], yr[1], 6);
      var grid = el("g", { "class": "grid" }, svg);
      var axis = el("g", { "class": "axis" }, svg);
      xt.forEach(function (t) {
        var x = sx(t);
        el("line", { x1: x, x2: x, y1: M.top, y2: H - M.bottom }, grid);
        el("line", { x1: x, x2: x, y1: H - M.bottom, y2: H - M.bottom + 4 }, axis);
        el("text", { x: x, y: H - M.bottom + 19, "text-anchor": "middle" }, axis, ch.logx ? fmtRate(t) : fmt(t));
      });
      yt.forEach(function (t) {
        var y = sy(t);
        el("line", { x1: M.left, x2: W - M.right, y1: y, y2: y }, grid);
        el("line", { x1: M.left - 4, x2: M.left, y1: y, y2: y }, axis);
        el("text", { x: M.left - 7, y: y + 5, "text-anchor": "end" }, axis, fmt(t));
      });
      el("path", { d: "M" + M.left + "," + M.top + "V" + (H - M.bottom) + "H" + (W - M.right), fill: "none" }, axis);
      el("text", { x: (M.left + W - M.right) / 2, y: H - 6, "text-anchor": "middle" }, axis, ch.xlabel);
      el("text", { x: 16, y: (M.top + H - M.bottom) / 2, "text-anchor": "middle",
        transform: "rotate(-90 16 " + (M.top + H - M.bottom) / 2 + ")" }, axis, cm.ylabel);
      var inX = function (x) { return !state.logx || x > 0; };
      var okY = function (x, y) { return inX(x) && (!state.logy || y > 0); };
      shown.forEach(function (s) {
        if (s.lo.length === s.x.length) {
          var upper = pathOf(s.x, s.hi, sx, sy, okY);
          var lower = pathOf(s.x.slice().reverse(), s.lo.slice().reverse(), sx, sy, okY);
          if (upper && lower) {
            el("path", { d: upper + "L" + lower.slice(1) + "Z", fill: s.color, "fill-opacity": 0.16, stroke: "none" }, svg);
          }
        }
      });
      shown.forEach(function (s) {
        var attrs = { d: pathOf(s.x, s.y, sx, sy, okY), fill: "none", stroke: s.color, "stroke-width": 2, "stroke-linejoin": "round" };
        if (s.dash) attrs["stroke-dasharray"] = "7 4";
        el("path", attrs, svg);
        if (s.x.length === 1 && okY(s.x[0], s.y[0])) el("circle", { cx: sx(s.x[0]), cy: sy(s.y[0]), r: 3, fill: s.color }, svg);
        (s.diverged || []).forEach(function (x) {
          if (!inX(x)) return;
          var cx = sx(x), cy = M.top + 6;
          el("path", { d: "M" + (cx - 4) + "," + (cy - 4) + "L" + (cx + 4) + "," + (cy + 4) + "M" + (cx - 4) + "," + (cy + 4) + "L" + (cx + 4) + "," + (cy - 4),
            stroke: s.color, "stroke-width": 2 }, svg);
        });
        (s.unstable || []).forEach(function (x) {
          var i = s.x.indexOf(x);
          if (i >= 0 && okY(x, s.y[i])) el("circle", { cx: sx(x), cy: sy(s.y[i]), r: 6, fill: "none", stroke: s.color, "stroke-width": 1.5 }, svg);
        });
      });
      var guide = el("line", { y1: M.top, y2: H - M.bottom, stroke: "#999", "stroke-dasharray": "3 3", visibility: "hidden" }, svg);
      var overlay = el("rect", { x: M.left, y: M.top, width: W - M.left - M.right, height: H - M.top - M.bottom, fill: "transparent" }, svg);
      overlay.addEventListener("mousemove", function (ev) {
        var r = svg.getBoundingClientRect();
        var px = (ev.clientX - r.left) / r.width * W;
        var best = null;
        shown.forEach(function (s) {
          s.x.forEach(function (x) {
            if (!inX(x)) return;
            var d = Math.abs(sx(x) - px);
            if (!best || d < best.d) best = { d: d, x: x };
          });
        });
        if (!best) return;
        guide.setAttribute("x1", sx(best.x));
        guide.setAttribute("x2", sx(best.x));
        guide.setAttribute("visibility", "visible");
        while (tip.firstChild) tip.removeChild(tip.firstChild);
        html("b", "", tip, (ch.logx ? "rate " + fmtRate(best.x) : ch.xlabel + " " + fmt(best.x)));
        shown.forEach(function (s) {
          var i = s.x.indexOf(best.x);
          var line = html("div", "", tip);
          html("span", "swatch" + (s.dash ? " dash" : ""), line).style.borderColor = s.color;
          var text = s.label + ": ";
          if (i < 0) text += "—";
          else {
            text += fmt(s.y[i]);
            if (s.lo.length === s.x.length && s.hi[i] !== s.lo[i]) text += " (" + fmt(s.lo[i]) + " … " + fmt(s.hi[i]) + ")";
          }
          if ((s.diverged || []).indexOf(best.x) >= 0) text += " · a seed diverged";
          line.appendChild(document.createTextNode(text));
        });
        tip.style.display = "block";
        var left = (ev.clientX - box.getBoundingClientRect().left) + 14;
        if (left + tip.offsetWidth > box.clientWidth) left = Math.max(0, left - tip.offsetWidth - 28);
        tip.style.left = left + "px";
        tip.style.top = (ev.clientY - box.getBoundingClientRect().top + 10) + "px";
      });
      overlay.addEventListener("mouseleave", function () {
        tip.style.display = "none";
        guide.setAttribute("visibility", "hidden");
      });
    }

    function drawLegend(series) {
      while (legend.firstChild) legend.removeChild(legend.firstChild);
      series.forEach(function (s) {
        var b = html("button", "", legend);
        b.type = "button";
        b.setAttribute("aria-pressed", state.hidden[s.label] ? "false" : "true");
        html("span", "swatch" + (s.dash ? " dash" : ""), b).style.borderColor = s.color;
        b.appendChild(document.createTextNode(s.label));
        b.addEventListener("click", function () {
          state.hidden[s.label] = !state.hidden[s.label];
          render();
        });
      });
    }

    render();
  }

  var data = JSON.parse(document.getElementById("sfbench-data").textContent);
  var count = 0;
  var boxes = document.querySelectorAll(".charts");
  for (var i = 0; i < boxes.length; i++) {
    var kind = boxes[i].getAttribute("data-kind");
    (data[kind] || []).forEach(function (ch) {
      drawChart(html("div", "chart", boxes[i]), ch, kind);
      count++;
    });
  }
  body.setAttribute("data-charts", String(count));
  body.setAttribute("data-rendered", "yes");
})();
