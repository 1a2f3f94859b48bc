const SCROLLS = "data-metl-scrolls";

// On a phone the menu covers the page: close it once a page is picked. Streamlit's menu
// does so too, but not for a pick made while the menu is still sliding open.
function closeMenuAfterPick(event) {
    const link = event.target.closest && event.target.closest("[data-testid=stSidebar] a");
    if (!link || !window.matchMedia("(max-width: 767.98px)").matches) return;
    setTimeout(() => {
        const bar = document.querySelector("[data-testid=stSidebar]");
        const close = document.querySelector("[data-testid=stSidebarCollapseButton] button");
        if (bar && bar.dataset.collapsed === "false" && close) close.click();
    }, 300);
}

function scrollingFormulasFocusable() {
    const boxes = ".katex-display, [data-testid=stMarkdownContainer] table";
    for (const box of document.querySelectorAll(boxes)) {
        const scrolls = box.scrollWidth > box.clientWidth + 1;
        if (scrolls && !box.hasAttribute("tabindex")) {
            box.tabIndex = 0;
            box.setAttribute(SCROLLS, "");
        } else if (!scrolls && box.hasAttribute(SCROLLS)) {
            box.removeAttribute("tabindex");
            box.removeAttribute(SCROLLS);
        }
    }
}

// Which theme Streamlit drew, on <html> for CSS: presentation mode's dark colours key on it.
function markTheme() {
    const app = document.querySelector("[data-testid=stApp]");
    if (!app) return;
    const rgb = getComputedStyle(app).backgroundColor.match(/[0-9.]+/g).map(Number);
    const theme = rgb[0] + rgb[1] + rgb[2] < 3 * 128 ? "dark" : "light";
    if (document.documentElement.dataset.metlTheme !== theme) {
        document.documentElement.dataset.metlTheme = theme;
    }
}

// Presentation mode: the page's demo fills the rest of the first screen, whatever its
// height (a 1280 x 720 projector included). Only presentation mode sends such boxes.
// A box keyed fit-<key> is given that height; one keyed fitvar-<key> only learns it, as
// the CSS variable --metl-fit, and lays itself out (the Playground's view).
function fitDemos() {
    for (const box of document.querySelectorAll("[class*='st-key-fit']")) {
        const top = box.getBoundingClientRect().top + window.scrollY;
        const h = Math.round(Math.max(240, Math.min(900, window.innerHeight - top - 16))) + "px";
        if (box.style.getPropertyValue("--metl-fit") !== h) box.style.setProperty("--metl-fit", h);
        if (!/st-key-fit-/.test(box.className)) continue;
        // The box grows only inside its wrapper (a flex item sized by its content).
        for (const e of [box, box.parentElement]) if (e.style.height !== h) e.style.height = h;
    }
}

export default function () {
    if (window.__metlInBrowser) return;
    window.__metlInBrowser = true;
    document.addEventListener("click", closeMenuAfterPick, true);
    let queued = false;
    const soon = () => {
        if (queued) return;
        queued = true;
        requestAnimationFrame(() => {
            queued = false;
            scrollingFormulasFocusable();
            markTheme();
            fitDemos();
        });
    };
    new MutationObserver(soon).observe(document.body, { childList: true, subtree: true });
    window.addEventListener("resize", soon);
    soon();
}
