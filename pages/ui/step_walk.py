"""The MLP page's step view, drawn in the browser from numbers sent once.

A step change must show at once: a rerun on the server, however small, waits behind
Streamlit's redraw of the whole page. So the server sends every step's view with the
inputs (the diagram's nodes, each step's lit nodes, its shapes, its check, its numbers),
and this script draws the step the page's ``step`` slider shows, the moment the slider
moves. The slider stays a Streamlit widget: it is bound to the URL, and its rerun keeps
the server's state in step; it is no longer waited for.

The script and its style are fixed text. Everything it draws from ``data`` is set as
text (``textContent``) or as SVG attributes of numbers, never as HTML.
"""

from __future__ import annotations

import json

import streamlit as st

from pages.ui.dom_js import DOM_JS

_CSS = """
:host { display: block; position: relative; height: 100%; }
:host > div, :host > div > div { height: 100%; }
.walk { font-family: var(--st-font, "Source Sans Pro", sans-serif); color: inherit;
        line-height: 1.6; }
.walk p { margin: 0 0 0.5rem 0; }
.strip span.now { font-weight: 700; }
.caption { font-size: 0.875rem; }
.present .caption { font-size: 1.4rem; }
.present { font-size: 1.5rem; }
/* Below 600 px the graph scrolls sideways instead of shrinking its labels out of reach. */
figure { margin: 0; overflow-x: auto; }
figure:focus-visible { outline: 2px solid currentColor; outline-offset: 2px; }
svg { width: 100%; min-width: 600px; height: auto; max-height: 360px; display: block; }
.present svg { max-height: 420px; }
/* Presenting, the top part fills the box the page gives it (the rest of the screen). */
.fit { height: 100%; display: flex; flex-direction: column; }
.fit figure { flex: 1 1 auto; min-height: 0; }
.fit svg { height: 100%; max-height: none; }
svg text { font-family: inherit; }
.node-label { font-weight: 700; font-size: 15px; }
.shape-label { font-size: 12px; fill: currentColor; }
.present .node-label { font-size: 18px; }
.present .shape-label, .present .side-label { font-size: 16px; }
.side-label { font-size: 13px; fill: currentColor; }
.row { display: flex; gap: 1.5rem; flex-wrap: wrap; align-items: flex-start; }
.row > div { flex: 1 1 16rem; min-width: 0; }
code { font-family: var(--st-code-font, "Source Code Pro", monospace); font-size: 0.9em;
       padding: 0.1em 0.25em; border-radius: 0.25rem;
       background: var(--st-secondary-background-color, rgba(128, 128, 128, 0.15)); }
.verdict { font-size: 2.25rem; line-height: 1.2; }
.present .verdict { font-size: 3rem; }
.warning { padding: 0.75rem 1rem; border-radius: 0.5rem; margin: 0.5rem 0;
           background: rgba(255, 189, 69, 0.2); }
.info { padding: 0.75rem 1rem; border-radius: 0.5rem; margin: 0.5rem 0;
        background: rgba(28, 131, 225, 0.12); }
pre { font-family: var(--st-code-font, "Source Code Pro", monospace); font-size: 0.875rem;
      white-space: pre-wrap; overflow-wrap: anywhere; margin: 0 0 0.5rem 0;
      padding: 1rem; border-radius: 0.5rem;
      background: var(--st-secondary-background-color, rgba(128, 128, 128, 0.15)); }
.present pre { font-size: 1.4rem; }
.scroll-cue { display: none; font-size: 0.875rem; }
@media (max-width: 640px) { .scroll-cue { display: block; } }
.live { position: absolute; width: 1px; height: 1px; overflow: hidden;
        clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; margin: 0; }
"""

# The live region stays in place across steps, so that screen readers announce each step.
_HTML = '<div class="walk"></div><p class="live" aria-live="polite"></p>'

_JS = """
const SLIDER = ".st-key-step input[type=range]";
// Node fills with a text colour each, both at 4.5:1 or more (Okabe-Ito hues).
const FILL = {
    values: ["#5f5f5f", "#ffffff"],
    reads: ["#56b4e9", "#000000"],
    computing: ["#d55e00", "#000000"],
};

// The step the page's slider shows: its position, read straight from the DOM, so a key
// press is drawn before the server has heard of it.
function currentIndex(data) {
    const slider = document.querySelector(SLIDER);
    const i = slider ? Number(slider.value) : NaN;
    return Number.isInteger(i) && i >= 0 && i < data.order.length ? i : data.at;
}

function diagram(d, v) {
    const [x0, x1, y0, y1] = d.box;
    const sx = (x) => ((x - x0) / (x1 - x0)) * 1000;
    const sy = (y) => ((y1 - y) / (y1 - y0)) * 330 + 5;
    const svg = svgEl("svg", { viewBox: "0 0 1000 352", "aria-hidden": "true" });
    const defs = svgEl("defs", {});
    for (const [id, colour] of [["faint", "#8a8a8a"], ["lit", "#d55e00"]]) {
        const m = svgEl("marker", { id: "arrow-" + id, viewBox: "0 0 10 10", refX: 9, refY: 5,
            markerWidth: 6, markerHeight: 6, orient: "auto-start-reverse" });
        m.appendChild(svgEl("path", { d: "M0,0 L10,5 L0,10 z", fill: colour }));
        defs.appendChild(m);
    }
    svg.appendChild(defs);
    const at = Object.fromEntries(d.nodes.map((n) => [n.name, n]));
    const app = document.querySelector("[data-testid=stApp]");
    const page = app ? getComputedStyle(app).backgroundColor : "#ffffff";
    const arrow = (a, b, kind) => {
        const [ax, ay, bx, by] = [sx(at[a].x), sy(at[a].y), sx(at[b].x), sy(at[b].y)];
        const len = Math.hypot(bx - ax, by - ay) || 1;
        const [ux, uy] = [(bx - ax) / len, (by - ay) / len];
        const r = kind === "lit" ? 30 : 26;
        svg.appendChild(svgEl("line", {
            x1: ax + r * ux, y1: ay + r * uy, x2: bx - r * ux, y2: by - r * uy,
            stroke: kind === "lit" ? "#d55e00" : "#8a8a8a",
            "stroke-width": kind === "lit" ? 3 : 1.2,
            "marker-end": `url(#arrow-${kind})`,
            "data-edge": `${a}>${b}`, class: "edge-" + kind,
        }));
    };
    for (const [a, b] of d.edges) arrow(a, b, "faint");
    for (const r of v.reads) arrow(r, v.computing, "lit");
    for (const n of d.nodes) {
        const role = n.name === v.computing ? "computing"
            : v.reads.includes(n.name) ? "reads" : "values";
        const [fill, ink] = FILL[role];
        const g = svgEl("g", { "data-node": n.name, "data-role": role });
        const radius = role === "computing" ? 27 : role === "reads" ? 24 : 21;
        g.appendChild(svgEl("circle", {
            cx: sx(n.x), cy: sy(n.y), r: radius, fill,
            stroke: role === "computing" && v.wrong ? "#f0e442"
                : role === "reads" ? "#0072b2" : "#ffffff",
            "stroke-width": role === "values" ? 2 : 4,
            "stroke-dasharray": role === "computing" && v.wrong ? "6 4" : "none",
        }));
        g.appendChild(svgEl("text", { x: sx(n.x), y: sy(n.y) + 5, "text-anchor": "middle",
            fill: ink, class: "node-label" }, n.label));
        // A halo of the page's colour keeps the label readable where an arrow crosses it.
        g.appendChild(svgEl("text", { x: sx(n.x), y: sy(n.y) + radius + 14,
            "text-anchor": "middle", class: "shape-label", stroke: page, "stroke-width": 4,
            "paint-order": "stroke", "stroke-linejoin": "round" }, n.shape));
        svg.appendChild(g);
    }
    for (const s of d.sides) {
        svg.appendChild(svgEl("text", { x: sx(s.x), y: sy(s.y), "text-anchor": "middle",
            class: "side-label", transform: `rotate(-90 ${sx(s.x)} ${sy(s.y)})` }, s.text));
    }
    const fig = el("figure");
    fig.setAttribute("role", "img");
    fig.setAttribute("aria-label", v.alt);
    fig.dataset.testid = "metlStepDiagram";
    fig.tabIndex = 0;  // it may scroll sideways: keyboard users must reach it (WCAG 2.1.1)
    fig.appendChild(svg);
    return fig;
}

function top(d, i) {
    const v = d.views[i];
    const out = [];
    const strip = el("p", "strip");
    d.marks.forEach((text, j) => {
        if (j) strip.appendChild(document.createTextNode(" · "));
        strip.appendChild(el("span", j === i ? "now" : "", j === i ? `[${text}]` : text));
    });
    out.push(strip);
    out.push(el("p", "caption", v.caption));
    out.push(diagram(d, v));
    out.push(el("p", "scroll-cue", d.scroll_cue));
    return out;
}

function middle(d, i) {
    const v = d.views[i];
    const row = el("div", "row");
    const left = el("div");
    const shapes = el("p");
    shapes.append(el("strong", "", "Shapes "), el("code", "", v.shapes), ", here ",
        el("code", "", v.shapes_numeric));
    left.appendChild(shapes);
    if (v.problem) left.appendChild(el("div", "warning", v.problem));
    const right = el("div", "check");
    right.append(el("p", "caption", v.check_label), el("p", "verdict", v.verdict),
        el("p", "caption", v.note), el("p", "caption", v.against));
    row.append(left, right);
    return [row];
}

function numbers(d, i) {
    const v = d.views[i];
    const out = [];
    if (v.clamped) out.push(el("div", "info", v.clamped));
    out.push(el("pre", "", v.numbers));
    out.push(el("p", "caption", v.entry));
    return out;
}

const PARTS = { top, middle, numbers };

// Which formula the page shows: the server draws one per step, hidden but the current.
function showFormula(d, i) {
    let style = document.getElementById("metl-step-formula");
    if (!style) {
        style = document.createElement("style");
        style.id = "metl-step-formula";
        document.head.appendChild(style);
    }
    // One box holds a formula per step, in the walk's order: show the step's child only.
    const rule = `.st-key-bp_formulas > :not(:nth-child(${i + 1})) { display: none !important; }` +
        ` .st-key-bp_formulas > :nth-child(${i + 1}) { display: block !important; }`;
    if (style.textContent !== rule) style.textContent = rule;
}

function draw(box) {
    const d = box.__data;
    const i = currentIndex(d);
    if (box.dataset.step === d.order[i] && box.__drawn === d) return;
    box.replaceChildren(...PARTS[d.part](d, i));
    box.dataset.step = d.order[i];
    box.__drawn = d;
    if (d.part === "top") {
        showFormula(d, i);
        const live = box.parentNode.querySelector(".live");
        if (live) live.textContent = `${d.views[i].caption} ${d.marks[i]}`;
    }
}

export default function ({ parentElement, data: text }) {
    const box = parentElement.querySelector(".walk");
    // The server sends its data as one JSON text (cheaper for it to pass on than a dict).
    if (box.__text !== text) {
        box.__text = text;
        box.__data = JSON.parse(text);
    }
    const data = box.__data;
    box.classList.toggle("present", Boolean(data.present));
    box.classList.toggle("fit", Boolean(data.fit));
    box.dataset.part = data.part;
    if (!box.__watch) {
        // A key press on the slider changes its value attribute at once; draw then.
        box.__watch = new MutationObserver(() => {
            if (!box.isConnected) { box.__watch.disconnect(); return; }
            draw(box);
        });
        box.__watch.observe(document.body,
            { subtree: true, attributes: true, attributeFilter: ["aria-valuetext"] });
    }
    draw(box);
}
"""

_component = st.components.v2.component("metl.step_walk", html=_HTML, css=_CSS, js=DOM_JS + _JS)


def part(name: str, data: dict, key: str, fit: bool = False) -> None:
    """Draw one part of the step view (``top``, ``middle`` or ``numbers``) from ``data``:
    ``order`` (the step names), ``at`` (the server's step, until the slider is found) and
    ``views``, one dict per step with what that part draws. ``fit``: fill the height of
    a box the page sized (presentation mode's demo)."""
    # As JSON text: Streamlit passes a string on as it is, where it scans a dict's values.
    text = json.dumps({**data, "part": name, "fit": fit})
    if fit:
        with st.container(key=f"fit-{key}"):
            _component(data=text, key=key, height="stretch")
    else:
        _component(data=text, key=key)
