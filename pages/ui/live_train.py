"""The Playground's training, run and drawn in the student's browser.

A class pressing Run at once cannot be served by one server at four updates a second
(each update was ~40 ms of server CPU; thirty students need more than the machine has).
So the server sends a few numbers once (the points, the weights, the settings) and this
script trains the notes' network in the browser, as TensorFlow Playground does: the same
eight equations as ``metl_core.mlp`` (``MATH_JS``, tested equal to it in Chromium), the
batches from ``metl_core.train.BrowserSampler``'s generator, and the regions, the curves
and the hidden units drawn from the weights. The server hears back only when a run stops
(Pause, Step, divergence): the weights and the new history rows, for the gradient check
and the download.

The script and its style are fixed text. Everything drawn from ``data`` is set as text
(``textContent``), as numeric SVG attributes or as canvas pixels, never as HTML.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import streamlit as st

from pages.ui.dom_js import DOM_JS

# The notes' network in plain JavaScript: no DOM, so a test can run it alone.
MATH_JS = r"""
function mulberry32(seed) {
    let a = seed >>> 0;
    return function () {
        a = (a + 0x6D2B79F5) >>> 0;
        let t = Math.imul(a ^ (a >>> 15), 1 | a);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

// Mini-batches without replacement: a partial Fisher-Yates shuffle of one permutation.
function sampler(seed, n) {
    const u = mulberry32(seed);
    const order = Array.from({ length: n }, (_, i) => i);
    return function (batch) {
        const b = Math.min(Math.max(Math.trunc(batch), 1), n);
        if (b >= n) return Array.from({ length: n }, (_, i) => i);
        for (let i = 0; i < b; i++) {
            const j = i + Math.floor(u() * (n - i));
            const t = order[i]; order[i] = order[j]; order[j] = t;
        }
        return order.slice(0, b);
    };
}

// metl_core's a / (a + b), a = exp(min(x, 0)), b = exp(-max(x, 0)): one of the two is
// exp(0) = 1, so one exp is enough (and half the training time at the largest network).
function sigmoid(x) {
    if (x >= 0) return 1 / (1 + Math.exp(-x));
    const a = Math.exp(x);
    return a / (a + 1);
}

// Row i of z (K logits) to probabilities, shifted by the row's maximum.
function softmaxRow(z, out, o, K) {
    let m = -Infinity, nan = false;
    for (let k = 0; k < K; k++) {
        if (Number.isNaN(z[o + k])) nan = true;
        else if (z[o + k] > m) m = z[o + k];
    }
    if (nan) { for (let k = 0; k < K; k++) out[o + k] = NaN; return; }
    if (m === Infinity) {  // the limit: equal shares among the +inf logits
        let c = 0;
        for (let k = 0; k < K; k++) c += z[o + k] === Infinity;
        for (let k = 0; k < K; k++) out[o + k] = z[o + k] === Infinity ? 1 / c : 0;
        return;
    }
    let s = 0;
    for (let k = 0; k < K; k++) { out[o + k] = Math.exp(z[o + k] - m); s += out[o + k]; }
    for (let k = 0; k < K; k++) out[o + k] /= s;
}

// z1 = x W1 + b1, h = sigma(z1), z2 = h W2 + b2, yhat = softmax(z2); X is n rows of 2.
function forward(p, X, n) {
    const { H, K, W1, b1, W2, b2 } = p;
    const z1 = new Float64Array(n * H), h = new Float64Array(n * H);
    const z2 = new Float64Array(n * K), yhat = new Float64Array(n * K);
    for (let i = 0; i < n; i++) {
        const x0 = X[2 * i], x1 = X[2 * i + 1];
        for (let j = 0; j < H; j++) {
            const z = x0 * W1[j] + x1 * W1[H + j] + b1[j];
            z1[i * H + j] = z;
            h[i * H + j] = sigmoid(z);
        }
        for (let k = 0; k < K; k++) {
            let s = 0;
            for (let j = 0; j < H; j++) s += h[i * H + j] * W2[j * K + k];
            z2[i * K + k] = s + b2[k];
        }
        softmaxRow(z2, yhat, i * K, K);
    }
    return { X, n, z1, h, z2, yhat };
}

// Mean CE from the logits: -(z_y - m - log sum exp(z - m)), never the log of a probability.
function meanCE(z2, y, n, K) {
    let total = 0;
    for (let i = 0; i < n; i++) {
        let m = -Infinity;
        for (let k = 0; k < K; k++) m = Math.max(m, z2[i * K + k]);
        let s = 0;
        for (let k = 0; k < K; k++) s += Math.exp(z2[i * K + k] - m);
        total += -((z2[i * K + y[i]] - m) - Math.log(s));
    }
    return total / Math.max(n, 1);
}

// The first index of the largest logit (a NaN counts as the largest, as in NumPy).
function argmax(z, o, K) {
    let best = 0;
    for (let k = 0; k < K; k++) {
        if (Number.isNaN(z[o + k])) return k;
        if (z[o + k] > z[o + best]) best = k;
    }
    return best;
}

// The backward pass, summed over the batch: the notes' equations, one loop each.
function backward(p, f, y) {
    const { H, K, W2 } = p, { X, n, h, yhat } = f;
    const dz2 = Float64Array.from(yhat);                 // dz2 = yhat - y
    for (let i = 0; i < n; i++) dz2[i * K + y[i]] -= 1;
    const dW2 = new Float64Array(H * K), db2 = new Float64Array(K);
    for (let i = 0; i < n; i++)                            // dW2 = h^T dz2, db2 = sum dz2
        for (let k = 0; k < K; k++) {
            const d = dz2[i * K + k];
            db2[k] += d;
            for (let j = 0; j < H; j++) dW2[j * K + k] += h[i * H + j] * d;
        }
    const dz1 = new Float64Array(n * H);                  // dz1 = dz2 W2^T * h(1 - h)
    for (let i = 0; i < n; i++)
        for (let j = 0; j < H; j++) {
            let s = 0;
            for (let k = 0; k < K; k++) s += dz2[i * K + k] * W2[j * K + k];
            const hj = h[i * H + j];
            dz1[i * H + j] = s * hj * (1 - hj);
        }
    const dW1 = new Float64Array(2 * H), db1 = new Float64Array(H);
    for (let i = 0; i < n; i++)                            // dW1 = x^T dz1, db1 = sum dz1
        for (let j = 0; j < H; j++) {
            const d = dz1[i * H + j];
            db1[j] += d;
            dW1[j] += X[2 * i] * d;
            dW1[H + j] += X[2 * i + 1] * d;
        }
    return { dW1, db1, dW2, db2 };
}

function take(data, idx) {
    const X = new Float64Array(2 * idx.length), y = new Int32Array(idx.length);
    idx.forEach((r, i) => {
        X[2 * i] = data.X[2 * r];
        X[2 * i + 1] = data.X[2 * r + 1];
        y[i] = data.y[r];
    });
    return { X, y, n: idx.length };
}

// One step on the batch's mean CE plus (l2 / 2) sum W^2; returns the loss before it.
function sgdStep(p, batch, lr, l2) {
    const f = forward(p, batch.X, batch.n);
    const g = backward(p, f, batch.y);
    const loss = meanCE(f.z2, batch.y, batch.n, p.K), n = batch.n;
    const move = (w, dw, decay) => w.map((v, i) => v - lr * (dw[i] / n + decay * v));
    return {
        params: { H: p.H, K: p.K, W1: move(p.W1, g.dW1, l2), b1: move(p.b1, g.db1, 0),
                  W2: move(p.W2, g.dW2, l2), b2: move(p.b2, g.db2, 0) },
        loss,
    };
}

// (mean CE, accuracy) on a set of points.
function evaluate(p, data) {
    const f = forward(p, data.X, data.n);
    let right = 0;
    for (let i = 0; i < data.n; i++) right += argmax(f.z2, i * p.K, p.K) === data.y[i];
    return [meanCE(f.z2, data.y, data.n, p.K), right / data.n];
}

// ||dW1|| and ||dW2|| of the mean CE over the points.
function gradNorms(p, data) {
    const g = backward(p, forward(p, data.X, data.n), data.y);
    const norm = (a) => Math.sqrt(a.reduce((s, v) => s + v * v, 0)) / data.n;
    return [norm(g.dW1), norm(g.dW2)];
}

const WEIGHT_LIMIT = 1e6;

// Whether training has diverged, by metl_core.train.diagnose's rules.
function diverged(p, loss, limit) {
    let big = 0;
    for (const a of [p.W1, p.b1, p.W2, p.b2])
        for (const v of a) {
            if (!Number.isFinite(v)) return true;
            big = Math.max(big, Math.abs(v));
        }
    return !Number.isFinite(loss) || big > WEIGHT_LIMIT || loss > limit;
}

// `steps` SGD steps, then one row on s.history, as metl_core.train.train: stops at the step
// that diverges (no row then), or after the row when the training loss is past `limit`.
function trainSteps(s, data, steps, lr, batch, l2) {
    for (let t = 0; t < steps; t++) {
        const r = sgdStep(s.params, take(data.train, s.sample(batch)), lr, l2);
        s.params = r.params;
        s.step += 1;
        if (diverged(s.params, r.loss, Infinity)) return { stopped: true, loss: r.loss };
    }
    const [trl, tra] = evaluate(s.params, data.train), [tel, tea] = evaluate(s.params, data.test);
    const [g1, g2] = gradNorms(s.params, data.train);
    s.history.push([s.step, trl, tel, tra, tea, g1, g2]);
    const limit = 10 * Math.log(s.params.K);
    return { stopped: false, over: diverged(s.params, trl, limit) };
}

// Class probabilities over an n x n grid of the bounds: probs[(j * n + i) * K + k] at
// (xs[i], ys[j]), as metl_core.train.decision_grid (np.linspace's points).
function grid(p, bounds, n) {
    const [x0, x1, y0, y1] = bounds;
    const at = (lo, hi, i) => (i === n - 1 ? hi : lo + i * ((hi - lo) / (n - 1)));
    const X = new Float64Array(2 * n * n);
    for (let j = 0; j < n; j++)
        for (let i = 0; i < n; i++) {
            X[2 * (j * n + i)] = at(x0, x1, i);
            X[2 * (j * n + i) + 1] = at(y0, y1, j);
        }
    return forward(p, X, n * n);
}

// Every 2^k-th row and the last, at most max + 1 in all (metl_core.train.thin).
function thin(rows, max) {
    let stride = 1;
    while (Math.ceil(rows.length / stride) > max) stride *= 2;
    const out = rows.filter((_, i) => i % stride === 0);
    if (rows.length && (rows.length - 1) % stride) out.push(rows[rows.length - 1]);
    return out;
}
"""

_CSS = """
:host { display: block; }
.pg { font-family: var(--st-font, "Source Sans Pro", sans-serif); color: inherit;
      line-height: 1.5; }
.cols { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; }
.cols > .left { flex: 3 1 22rem; min-width: 0; }
.cols > .right { flex: 2 1 18rem; min-width: 0; }
figure { margin: 0 0 1rem 0; }
.title { font-weight: 600; margin: 0 0 0.25rem 0; }
.plot { position: relative; width: 100%; max-width: 560px; aspect-ratio: 1; }
.plot canvas, .plot svg { position: absolute; inset: 0; width: 100%; height: 100%; }
.legend { font-size: 0.875rem; margin: 0.25rem 0 0 0; }
.legend span { white-space: nowrap; margin-right: 0.75rem; }
.swatch { display: inline-block; width: 0.8em; height: 0.8em; border-radius: 50%;
          margin-right: 0.3em; vertical-align: -0.05em; }
.metrics { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; margin-bottom: 0.75rem; }
.metric { min-width: 7rem; }
.metric .label { font-size: 0.875rem; }
.metric .value { font-size: 2rem; line-height: 1.2; }
.chart svg { width: 100%; height: auto; max-height: 430px; display: block; overflow: visible; }
/* A projector's one screen holds the regions and both charts' tops. */
.present .chart svg { max-height: min(46vh, calc(var(--metl-fit, 100vh) / 2 - 5rem)); }
.chart text { font-family: inherit; fill: currentColor; font-size: 13px; }
.axis { stroke: currentColor; stroke-opacity: 0.5; stroke-width: 1; }
.units { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 0.75rem;
         max-width: 720px; }
.units figure { margin: 0; }
.units canvas { width: 100%; aspect-ratio: 1; display: block; }
.units p { margin: 0; font-size: 0.875rem; text-align: center; }
.scale { font-size: 0.875rem; }
.scale .bar { display: inline-block; width: 8rem; height: 0.8em; vertical-align: -0.1em;
              margin: 0 0.4em; }
.present { font-size: 1.4rem; }
.present .metric .label, .present .legend, .present .units p, .present .scale { font-size: 1.2rem; }
.present .metric .value { font-size: 2.6rem; }
.present .chart text { font-size: 18px; }
/* Presenting, the regions fit what is left of the first screen (pages/ui/in_browser.py
   gives --metl-fit), under the numbers and the title above them. */
.present .plot { max-width: min(720px, calc(var(--metl-fit, 100vh) - 11rem)); }
"""

_HTML = '<div class="pg"></div>'

_VIEW_JS = r"""
const W = 440, MID = (56 + W - 12) / 2;  // the charts' width and centre, in SVG units
const ACCENT = { train: "#0072B2", test: "#E69F00", W1: "#009E73", W2: "#CC79A7" };

const num = (v) => (v === null || v === undefined ? NaN : Number(v));
const floats = (a) => Float64Array.from(a, num);
const hex = (c) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));

function points(set) {
    return { X: floats(set.X), y: Int32Array.from(set.y), n: set.y.length };
}

// Start over from the server's state: a new page, Reset, or new data or a new network.
// Step presses count from 0 under each token; a view mounted afresh (the page visited
// again) takes the presses it was sent as seen, and replays none.
function adopt(d, fresh) {
    const sent = d.state, P = sent.params;
    return {
        token: d.token,
        params: { H: d.hidden, K: d.classes, W1: floats(P.W1), b1: floats(P.b1),
                  W2: floats(P.W2), b2: floats(P.b2) },
        step: sent.step,
        history: sent.history.map((r) => r.map(num)),
        sent: sent.history.length,  // the rows the server has; the rest go in the next report
        sample: sampler(d.sampler_seed, d.train.y.length),
        diverged: sent.diverged,
        running: false,
        stepSeen: fresh ? d.step_request : 0,
        timer: null,
        data: { train: points(d.train), test: points(d.test) },
    };
}

function report(box, s, extra) {
    const plain = (a) => Array.from(a, (v) => (Number.isFinite(v) ? v : null));
    const P = s.params;
    const rows = s.history.slice(s.sent).map(plain);
    s.sent = s.history.length;
    box.__send("report", {
        token: s.token, step: s.step, records: rows, stopped: false, loss: null, ...extra,
        params: { W1: plain(P.W1), b1: plain(P.b1), W2: plain(P.W2), b2: plain(P.b2) },
    });
}

// One update: `per` steps, a history row, a redraw. Returns false when training stopped.
function update(box, s) {
    const d = box.__data;
    const r = trainSteps(s, s.data, d.per, d.lr, d.batch, d.l2);
    if (r.stopped || r.over) {
        s.diverged = true;
        s.running = false;
        const loss = Number.isFinite(r.loss) ? r.loss : null;
        report(box, s, r.stopped ? { stopped: true, loss } : {});
        return false;
    }
    return true;
}

function loop(box) {
    const s = box.__s;
    s.timer = null;
    if (!box.isConnected || !s.running || s.diverged) return;
    const t0 = performance.now();
    const going = update(box, s);
    draw(box);
    s.took = performance.now() - t0;  // one update and its drawing, for the benchmarks
    if (going) {
        // A slow device runs update after update, yielding to the page between them.
        const wait = Math.max(0, box.__data.interval * 1000 - (performance.now() - t0));
        s.timer = setTimeout(() => loop(box), wait);
    }
}

// --- drawing ---------------------------------------------------------------------------

function regions(box, s, d) {
    const n = d.grid, K = d.classes, f = grid(s.params, d.bounds, n);
    let fig = box.querySelector("figure.regions");
    if (!fig || fig.__points !== d.points_id) {
        fig = el("figure", "regions");
        fig.setAttribute("role", "img");
        fig.dataset.testid = "metlRegions";
        fig.append(el("p", "title", d.text.regions));
        const plot = el("div", "plot");
        const canvas = el("canvas");
        canvas.width = n; canvas.height = n;
        const svg = svgEl("svg", { viewBox: "0 0 1000 1000", preserveAspectRatio: "none",
                                    "aria-hidden": "true" });
        const [x0, x1, y0, y1] = d.bounds;
        const sx = (x) => ((x - x0) / (x1 - x0)) * 1000, sy = (y) => ((y1 - y) / (y1 - y0)) * 1000;
        for (const [set, mark] of [[d.train, "o"], [d.test, "x"]]) {
            set.y.forEach((c, i) => {
                const [cx, cy] = [sx(set.X[2 * i]), sy(set.X[2 * i + 1])];
                const colour = d.palette[c];
                const cross = `M${cx - 7},${cy - 7}L${cx + 7},${cy + 7}` +
                    `M${cx - 7},${cy + 7}L${cx + 7},${cy - 7}`;
                svg.appendChild(mark === "o"
                    ? svgEl("circle", { cx, cy, r: 7, fill: colour, stroke: "#ffffff",
                                        "stroke-width": 1.5 })
                    : svgEl("path", { d: cross, stroke: colour, "stroke-width": 3.5 }));
            });
        }
        plot.append(canvas, svg);
        fig.append(plot);
        const legend = el("p", "legend");
        d.text.classes.forEach((name, c) => {
            const item = el("span");
            const sw = el("span", "swatch");
            sw.style.background = d.palette[c];
            item.append(sw, name);
            legend.append(item);
        });
        legend.append(el("span", "", d.text.marks));
        fig.append(legend);
        fig.__points = d.points_id;
        box.querySelector(".left").replaceChildren(fig);
    }
    const canvas = fig.querySelector("canvas"), ctx = canvas.getContext("2d");
    const img = ctx.createImageData(n, n), rgb = d.palette.map(hex);
    for (let j = 0; j < n; j++)
        for (let i = 0; i < n; i++) {
            const o = (j * n + i) * K, c = argmax(f.yhat, o, K);
            const strength = (f.yhat[o + c] - 1 / K) / (1 - 1 / K);
            const q = 4 * ((n - 1 - j) * n + i);  // row 0 of the canvas is the top: y = ymax
            img.data.set(rgb[c], q);
            img.data[q + 3] = Math.trunc(40 + 150 * Math.min(Math.max(strength, 0), 1));
        }
    ctx.putImageData(img, 0, 0);
    fig.__probs = f.yhat;
    const step = s.step.toLocaleString("en-US");
    fig.setAttribute("aria-label", d.text.regions_alt.replace("{step}", step));
}

function metrics(box, s, d) {
    const last = s.history[s.history.length - 1];
    const pct = (v) => (Number.isFinite(v) ? (100 * v).toFixed(1) + "%" : "nan");
    const fix = (v) => (Number.isFinite(v) ? v.toFixed(4) : "nan");
    const values = [s.step.toLocaleString("en-US"), pct(last[4]), fix(last[1]), fix(last[2]),
                    pct(last[3])];
    const row = box.querySelector(".metrics");
    row.replaceChildren(...d.text.metrics.map((label, i) => {
        const m = el("div", "metric");
        m.dataset.testid = "metlMetric";
        m.append(el("div", "label", label), el("div", "value", values[i]));
        return m;
    }));
}

function niceTicks(hi) {
    if (!(hi > 0)) return [0];
    const raw = hi / 4, p = 10 ** Math.floor(Math.log10(raw));
    const step = [1, 2, 5, 10].map((m) => m * p).find((v) => v >= raw);
    const out = [];
    for (let v = 0; v <= hi + 1e-9; v += step) out.push(v);
    return out;
}

// A panel of lines against the step: series are [label, colour, dashed, values].
function panel(svg, top, height, xs, series, log, yLabel, showX) {
    const L = 56, R = W - 12, T = top + 8, B = top + height;
    const xMax = Math.max(1, xs[xs.length - 1] || 0);
    const sx = (x) => L + (x / xMax) * (R - L);
    const ok = series.flatMap((s) => s[3]).filter((v) => Number.isFinite(v) && (!log || v > 0));
    let lo = 0, hi = 1.02, sy;
    if (log) {
        lo = ok.length ? Math.floor(Math.log10(Math.min(...ok))) : -1;
        hi = ok.length ? Math.ceil(Math.log10(Math.max(...ok))) : 1;
        if (hi <= lo) hi = lo + 1;
        sy = (v) => B - ((Math.log10(v) - lo) / (hi - lo)) * (B - T);
    } else sy = (v) => B - (v / 1.02) * (B - T);
    svg.appendChild(svgEl("line", { x1: L, y1: B, x2: R, y2: B, class: "axis" }));
    svg.appendChild(svgEl("line", { x1: L, y1: T, x2: L, y2: B, class: "axis" }));
    const ticks = log ? Array.from({ length: hi - lo + 1 }, (_, i) => 10 ** (lo + i)) : [0, 0.5, 1];
    if (!log || ticks.length <= 7)
        for (const v of ticks) {
            const y = sy(v);
            svg.appendChild(svgEl("line", { x1: L - 4, y1: y, x2: L, y2: y, class: "axis" }));
            svg.appendChild(svgEl("text", { x: L - 8, y: y + 4, "text-anchor": "end" },
                log ? Number(v.toPrecision(1)).toString() : String(v)));
        }
    svg.appendChild(svgEl("text", { x: 14, y: (T + B) / 2, "text-anchor": "middle",
        transform: `rotate(-90 14 ${(T + B) / 2})` }, yLabel));
    if (showX)
        for (const v of niceTicks(xMax)) {
            const x = sx(v);
            svg.appendChild(svgEl("line", { x1: x, y1: B, x2: x, y2: B + 4, class: "axis" }));
            svg.appendChild(svgEl("text", { x: sx(v), y: B + 18, "text-anchor": "middle" },
                v.toLocaleString("en-US")));
        }
    for (const [name, colour, dashed, values] of series) {
        const pts = [];
        values.forEach((v, i) => {
            if (Number.isFinite(v) && (!log || v > 0))
                pts.push(`${sx(xs[i]).toFixed(1)},${sy(v).toFixed(1)}`);
        });
        svg.appendChild(svgEl("polyline", { points: pts.join(" "), fill: "none", stroke: colour,
            "stroke-width": 2.5, "stroke-dasharray": dashed ? "7 5" : "none",
            "data-series": name }));
        if (pts.length) {  // the latest value, marked: at step 0 it is the only one
            const [cx, cy] = pts[pts.length - 1].split(",");
            svg.appendChild(svgEl("circle", { cx, cy, r: 3.5, fill: colour }));
        }
    }
}

function legendText(svg, y, items) {
    let x = 56;
    for (const [name, colour, dashed] of items) {
        svg.appendChild(svgEl("line", { x1: x, y1: y - 4, x2: x + 26, y2: y - 4, stroke: colour,
            "stroke-width": 2.5, "stroke-dasharray": dashed ? "7 5" : "none" }));
        svg.appendChild(svgEl("text", { x: x + 32, y }, name));
        x += 44 + 7 * name.length;
    }
}

function curves(box, s, d) {
    const rows = thin(s.history, d.curve_points);
    const col = (i) => rows.map((r) => r[i]), xs = col(0), t = d.text;
    const figs = box.querySelectorAll("figure.chart");
    const title = (svg, y, text) =>
        svg.appendChild(svgEl("text", { x: MID, y, "text-anchor": "middle" }, text));
    const pair = (a, b) => [[t.train, ACCENT.train, false, col(a)],
                            [t.test, ACCENT.test, true, col(b)]];
    const loss = svgEl("svg", { viewBox: `0 0 ${W} 430`, "aria-hidden": "true" });
    legendText(loss, 16, [[t.train, ACCENT.train, false], [t.test, ACCENT.test, true]]);
    title(loss, 44, t.loss_title);
    panel(loss, 50, 150, xs, pair(1, 2), true, "CE", false);
    title(loss, 236, t.acc_title);
    panel(loss, 242, 150, xs, pair(3, 4), false, t.accuracy, true);
    title(loss, 428, t.step);
    const norms = svgEl("svg", { viewBox: `0 0 ${W} 270`, "aria-hidden": "true" });
    title(norms, 16, t.norms_title);
    const both = [[t.W1, ACCENT.W1, false, col(5)], [t.W2, ACCENT.W2, true, col(6)]];
    panel(norms, 22, 170, xs, both, true, t.norm, true);
    title(norms, 228, t.step);
    legendText(norms, 262, [[t.W1, ACCENT.W1, false], [t.W2, ACCENT.W2, true]]);
    const last = rows[rows.length - 1];
    const say = (tpl) => tpl.replace(/\{(\d)\}/g, (_, i) => {
        const v = last[Number(i)];
        if (i === "0") return v.toLocaleString("en-US");
        return Number.isFinite(v) ? v.toPrecision(4) : "nan";
    });
    figs[0].replaceChildren(loss);
    figs[0].setAttribute("aria-label", say(t.curves_alt));
    figs[1].replaceChildren(norms);
    figs[1].setAttribute("aria-label", say(t.norms_alt));
}

function units(box, s, d) {
    const host = box.querySelector(".units-box");
    if (!d.show_hidden) { host.replaceChildren(); return; }
    const H = s.params.H, n = d.hidden_grid, m = Math.min(H, 16), f = grid(s.params, d.bounds, n);
    const stops = d.scale;  // [position, r, g, b]
    const colour = (v) => {
        let k = 1;
        while (k < stops.length - 1 && stops[k][0] < v) k++;
        const [p0, ...a] = stops[k - 1], [p1, ...b] = stops[k];
        const w = p1 > p0 ? Math.min(Math.max((v - p0) / (p1 - p0), 0), 1) : 0;
        return a.map((c, i) => Math.round(c + w * (b[i] - c)));
    };
    let wrap = host.querySelector(".units");
    if (!wrap || host.dataset.units !== String(H)) {
        host.dataset.units = String(H);
        wrap = el("div", "units");
        for (let u = 0; u < m; u++) {
            const fig = el("figure");
            const c = el("canvas");
            c.width = n; c.height = n;
            c.setAttribute("role", "img");
            c.setAttribute("aria-label", d.text.unit_alt.replace("{j}", String(u)));
            fig.append(c, el("p", "", "h" + u));
            wrap.append(fig);
        }
        const scale = el("p", "scale");
        const bar = el("span", "bar");
        const at = ([p, r, g, b]) => `rgb(${r}, ${g}, ${b}) ${(100 * p).toFixed(1)}%`;
        bar.style.background = `linear-gradient(to right, ${stops.map(at).join(", ")})`;
        scale.append(el("span", "", "0"), bar, el("span", "", "1"),
                     el("span", "", " " + d.text.unit_scale));
        const title = d.text.units_title.replace("{m}", String(m)).replace("{H}", String(H));
        host.replaceChildren(el("p", "title", title), wrap, scale);
    }
    [...wrap.querySelectorAll("canvas")].forEach((c, u) => {
        const ctx = c.getContext("2d"), img = ctx.createImageData(n, n);
        for (let j = 0; j < n; j++)
            for (let i = 0; i < n; i++) {
                const q = 4 * ((n - 1 - j) * n + i);
                img.data.set(colour(f.h[(j * n + i) * H + u]), q);
                img.data[q + 3] = 255;
            }
        ctx.putImageData(img, 0, 0);
    });
}

function draw(box) {
    const s = box.__s, d = box.__data;
    // A rerun that changed nothing drawn (a setting moved, say) redraws nothing.
    const what = [d.points_id, s.step, d.show_hidden, d.present].join("|");
    if (box.__what === what && box.__params === s.params) return;
    box.__what = what;
    box.__params = s.params;
    regions(box, s, d);
    metrics(box, s, d);
    curves(box, s, d);
    units(box, s, d);
    box.dataset.step = String(s.step);
    box.dataset.running = String(s.running);
}

// After the server restarts, Streamlit reconnects the page to a new session but runs
// nothing until the student acts; ask for a run, so the view shows that session's state.
function watchConnection(box) {
    const app = document.querySelector("[data-testid=stApp]");
    if (!app || box.__conn) return;
    let was = app.getAttribute("data-test-connection-state");
    box.__conn = new MutationObserver(() => {
        if (!box.isConnected) { box.__conn.disconnect(); return; }
        const now = app.getAttribute("data-test-connection-state");
        if (now === "CONNECTED" && was !== "CONNECTED") box.__send("hello", Date.now());
        was = now;
    });
    box.__conn.observe(app, { attributes: true, attributeFilter: ["data-test-connection-state"] });
}

function layout(box) {
    if (box.querySelector(".cols")) return;
    const right = el("div", "right");
    const c1 = el("figure", "chart"), c2 = el("figure", "chart");
    for (const c of [c1, c2]) c.setAttribute("role", "img");
    right.append(c1, c2);
    const cols = el("div", "cols");
    cols.append(el("div", "left"), right);
    // The numbers first: on a phone the step count stays next to Run and Pause.
    box.replaceChildren(el("div", "metrics"), cols, el("div", "units-box"));
}

export default function ({ parentElement, data: text, setTriggerValue }) {
    const box = parentElement.querySelector(".pg");
    // The server sends its data as one JSON text (cheaper for it to pass on than a dict).
    if (box.__text !== text) {
        box.__text = text;
        box.__data = JSON.parse(text);
    }
    const data = box.__data;
    box.__send = setTriggerValue;
    box.classList.toggle("present", Boolean(data.present));
    layout(box);
    let s = box.__s;
    if (!s || s.token !== data.token) {
        if (s && s.timer) clearTimeout(s.timer);
        s = box.__s = adopt(data, !s);
    }
    watchConnection(box);
    if (data.state.diverged) s.diverged = true;
    if (data.step_request > s.stepSeen) {
        const times = data.step_request - s.stepSeen;
        s.stepSeen = data.step_request;
        if (!s.running && !s.diverged) {
            let going = true;
            for (let i = 0; i < times && going; i++) going = update(box, s);
            if (going) report(box, s, {});
        }
    }
    const was = s.running;
    s.running = Boolean(data.running) && !s.diverged;
    if (s.running && !s.timer) s.timer = setTimeout(() => loop(box), 0);
    if (was && !s.running) {
        clearTimeout(s.timer);
        s.timer = null;
        report(box, s, {});
    }
    draw(box);
}
"""

_component = st.components.v2.component(
    "metl.live_train", html=_HTML, css=_CSS, js=DOM_JS + MATH_JS + _VIEW_JS
)


def view(data: dict, key: str, on_report: Callable[[object], None]) -> None:
    """Mount the live view with ``data`` (see the page for its fields). When the browser
    stops (Pause, Step, divergence) it reports; ``on_report(report)`` gets what it sent,
    before the page runs again, so the page is drawn from it."""

    def took() -> None:
        on_report(st.session_state[key]["report"])

    # As JSON text: Streamlit passes a string on as it is, where it scans a dict's values.
    text = json.dumps(data)
    _component(data=text, key=key, on_report_change=took, on_hello_change=lambda: None)
