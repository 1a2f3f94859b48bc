// The MLP page's step view, drawn from numbers sent once (pages/ui/step_walk.py); dom.js
// comes before it in the component's one script.
/* global el, svgEl */
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
