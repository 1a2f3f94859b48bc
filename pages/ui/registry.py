"""Every page of the explorer, once: the sidebar, the home cards, the tests and the
benchmarks all read this list. Adding a page means one line here plus its file.

Plain data, no Streamlit, so tests and benchmarks import it without starting an app.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath


@dataclass(frozen=True)
class Budget:
    """What one page may send, held by tests/test_served.py against the real server.

    ``elements`` counts the elements and blocks of one open (each is one websocket
    message), ``kb`` its bytes; ``change`` the elements one move of the page's main
    control sends again. A class of a hundred shares one interpreter: a page that grows
    past these has to earn it (docs/performance.md says what each costs)."""

    elements: int
    kb: int
    change: int = 0


@dataclass(frozen=True)
class PageEntry:
    """One page: its script, how it is named, and what the tools need to drive it.

    ``charts`` is the number of Plotly charts the page draws on first load, and ``poke``
    the control a benchmark moves, as ("slider", label) or ("step", number-input label).
    ``hideable`` lists the widget keys that ``?present=1&hide=...`` may hide on this page;
    the controls that stop or reset (:data:`NEVER_HIDDEN`) are never among them.
    ``sections`` names the page's parts, each drawn in ``ui.section(name)`` (a container
    keyed ``section-<name>``): ``hide=`` hides them by name, ``focus=<name>`` shows one
    alone. Every page also has the parts in :data:`COMMON_SECTIONS`.
    """

    file: str
    title: str
    icon: str
    summary: str
    charts: int
    poke: tuple[str, str] | None = None
    hideable: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    # Other controls the browser bench moves: those inside a fragment, whose reruns are
    # the page's own and not a full run.
    more_pokes: tuple[tuple[str, str], ...] = ()
    # The sections drawn folded (``ui.fold``): built only while open, opened by a link's
    # ``open_<name>=true`` or by ``focus=<name>``.
    folds: tuple[str, ...] = ()
    # The page's demo: the keys of its main drawing and of the control that drives it,
    # which presentation mode keeps whole on the first screen (tests/e2e hold it).
    demo: tuple[str, ...] = ()
    budget: Budget = Budget(0, 0)
    # False for a page reached only by a link it is given (the student's page of a class
    # poll): hidden from the menu and the home cards, and without the share panel, since
    # its link is the student's own.
    menu: bool = True
    # False for the class poll's pages: no maths to explore, so none of the explorer's
    # page-wide promises (every control tried at its ends, the numbers offered for
    # download on opening) applies to them.
    explorer: bool = True
    # The topic of metl_core's notes registry whose formulas the page shows (one of
    # metl_core.teaching.notes.TOPICS), or "" for none: metl_core knows no page file.
    topic: str = ""

    @property
    def unfolded(self) -> dict[str, str]:
        """The link parameters that open every fold of the page."""
        return {f"open_{name}": "true" for name in self.folds}

    @property
    def view_names(self) -> tuple[str, ...]:
        """Every name ``hide=`` accepts on this page: its sections, then its controls."""
        return (
            *COMMON_SECTIONS,
            *self.sections,
            *(k for k in self.hideable if k not in NEVER_HIDDEN),
        )

    @property
    def url_path(self) -> str:
        """The page's path in the URL, as Streamlit derives it: "" for home,
        "Softmax" for pages/1_Softmax.py."""
        if self.file == HOME_FILE:
            return ""
        stem = PurePosixPath(self.file).stem
        return stem.split("_", 1)[1] if stem.split("_", 1)[0].isdigit() else stem


HOME_FILE = "pages/0_Home.py"
NEVER_HIDDEN = frozenset({"btn_pause", "btn_reset"})  # a projected run must stay stoppable
# Parts of every page: the title with its lead, and the boxes of the notes' mistakes.
COMMON_SECTIONS = ("title", "errata")

# In the order of the notes; the home page first.
PAGES: tuple[PageEntry, ...] = (
    PageEntry(
        HOME_FILE,
        "Home",
        ":material/home:",
        "The network of the notes and a card per page.",
        1,
        demo=("home_diagram",),
        budget=Budget(40, 20),
    ),
    PageEntry(
        "pages/1_Softmax.py",
        "Softmax",
        ":material/bar_chart:",
        "Why adding one constant to every logit changes nothing, why a non-constant vector "
        "does, naive against stable, temperature, and the Jacobian behind ŷ − y.",
        1,
        ("slider", "c, added to every logit"),
        (
            *("logits", "c", "nonconst", "T", "dl_shift", "dl_temperature"),
            *("jac_k", "jac_eps"),
        ),
        ("input", "shift", "definition", "naive", "temperature", "jacobian"),
        folds=("naive", "temperature", "jacobian"),
        demo=("c", "shift_bars"),
        budget=Budget(46, 19, change=18),
        topic="softmax",
    ),
    PageEntry(
        "pages/2_Sigmoid.py",
        "Sigmoid",
        ":material/show_chart:",
        "σ and σ′ = σ(1 − σ) on one plot, with a tangent you move and a finite-difference "
        "check of its slope, the check's error against its step, and vanishing gradients.",
        1,
        ("slider", "point x0"),
        ("xrange", "x0", "dl_sigmoid", "vg_layers", "vg_spread", "vg_seed"),
        ("plot", "check", "definition", "facts", "vanishing"),
        folds=("check", "vanishing"),
        demo=("x0", "sigmoid"),
        budget=Budget(48, 38, change=25),
        topic="sigmoid",
    ),
    PageEntry(
        "pages/3_Cross_entropy_gradient.py",
        "Cross-entropy gradient",
        ":material/stacked_bar_chart:",
        "ŷ − y as bars, as numbers checked by finite differences, and as a field of arrows "
        "over two logits; stable cross-entropy and how a gradient check works.",
        1,
        ("step", "true class k"),
        ("z", "k", "pair", "span", "dl_ce", "kink_xh"),
        ("bars", "vectors", "derivation", "stable", "check", "kink"),
        more_pokes=(("slider", "half-width of the plane"),),
        folds=("vectors", "derivation", "stable", "check", "kink"),
        demo=("z", "k", "ce_bars"),
        budget=Budget(34, 17, change=21),
        topic="cross_entropy",
    ),
    PageEntry(
        "pages/4_MLP_backprop.py",
        "MLP backprop",
        ":material/hub:",
        "Backprop one equation at a time, with its numbers, shapes and own gradient check, for "
        "a batch; inject a classic mistake and watch where the checks start to fail.",
        0,  # its diagram is drawn by the browser (pages/ui/step_walk.py), not Plotly
        ("slider", "step"),
        (
            *("dx", "h", "dy", "seed", "xmode", "x", "label", "dl_mlp"),
            *("step", "n", "mistake", "w1scale", "row", "col"),
        ),
        (
            *("inputs", "walk", "values", "weights", "gradcheck"),
            *("saturation", "shapes", "batches", "grad_x"),
        ),
        more_pokes=(("step", "seed"),),
        folds=("values", "weights", "gradcheck", "saturation", "shapes", "batches", "grad_x"),
        demo=("step", "walk_top"),
        budget=Budget(76, 72, change=56),
        topic="backprop",
    ),
    PageEntry(
        "pages/5_Parameter_count.py",
        "Parameter count",
        ":material/calculate:",
        "A live calculator for (Dx + 1)H + (H + 1)Dy, exact even for layers of 10¹² units.",
        1,
        ("step", "H (hidden size)"),
        ("pdx", "ph", "pdy", "dl_count"),
        ("calculator",),
        demo=("ph", "param_bars"),
        budget=Budget(38, 17, change=30),
        topic="parameter_count",
    ),
    PageEntry(
        "pages/6_Notes_step_by_step.py",
        "The notes, step by step",
        ":material/menu_book:",
        "Every step of TP 1 in order, each equality checked live with numbers, and each "
        "mistake of the notes beside its correction.",
        0,
        ("step", "seed (steps 2 and 5)"),
        ("nstep", "nx", "nc", "nk", "nseed", "ndx", "nh", "ndy", "dl_notes"),
        demo=("nstep", "notes_first"),
        budget=Budget(48, 17, change=40),
        topic="step_by_step",
    ),
    PageEntry(
        "pages/7_Playground.py",
        "Playground",
        ":material/sports_esports:",
        "Train the notes' network live on moons, circles, XOR or spirals, and watch the "
        "decision regions form, the loss fall and each layer's gradient shrink.",
        0,  # drawn by the browser (pages/ui/live_train.py)
        ("slider", "steps per update"),
        (
            *("ds", "classes", "noise", "pseed", "hidden", "lr", "batch", "per", "l2"),
            *("btn_step", "btn_run", "btn_check", "show_hidden", "dl_history"),
        ),
        more_pokes=(("slider", "noise"),),
        demo=("btn_run", "live"),
        budget=Budget(36, 62, change=28),
    ),
    PageEntry(
        "pages/8_Exercises.py",
        "Check my answer",
        ":material/task_alt:",
        "Seeded exercises graded entry by entry, with the mistake named when an answer is "
        "wrong; the same diagnosis as python -m metl_core.check for your own code.",
        0,
        ("step", "seed"),
        ("kind", "seed", "hint", "dl_exercise"),
        demo=("kind", "answer"),
        budget=Budget(24, 11, change=24),
        topic="exercises",
    ),
    PageEntry(
        "pages/9_Ask_the_class.py",
        "Ask the class",
        ":material/groups:",
        "A live poll for the lecture hall: the class answers an exercise on their phones, "
        "and the projector counts the answers and names the mistakes as they arrive.",
        0,
        explorer=False,
        budget=Budget(14, 10),
    ),
    PageEntry(
        "pages/answer.py",
        "Your answer",
        ":material/edit_note:",
        "A student's answer to a class poll, opened by the projector's link or QR code.",
        0,
        menu=False,
        explorer=False,
        budget=Budget(14, 10),
    ),
)

HOME = PAGES[0]
MENU = tuple(e for e in PAGES if e.menu)  # the pages the menu lists, home first
TOPICS = MENU[1:]  # every page of the menu but home, as the home cards list them
