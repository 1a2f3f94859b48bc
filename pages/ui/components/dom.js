// DOM helpers shared by the components the browser draws (step_walk, live_train).
// Elements get their content as text (textContent) and SVG attributes as strings of
// numbers or names from the component's own code, never HTML.

export const SVG = "http://www.w3.org/2000/svg";

export function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
}

export function svgEl(tag, attrs, text) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = text;
    return e;
}
