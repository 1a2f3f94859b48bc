// The Playground's view: trains with maths.js and draws with dom.js, which come before
// it in the component's one script (pages/ui/live_train.py).
/* global el, svgEl, argmax, grid, sampler, thin, trainSteps */
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
