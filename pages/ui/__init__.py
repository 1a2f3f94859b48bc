"""The pages' toolkit, by concern: a page imports what it uses from each module.

- ``frame``: the page's chrome, sections, folds, demo fragment, links, share panel;
- ``url``: a link's values, kept in step with the widgets;
- ``present``: presentation mode and the page's one style element;
- ``show``: formulas and errata, charts, tables, numbers, downloads;
- ``checks``: a numeric check in words;
- ``inputs``: typed vectors, classes, per-input memo;
- ``text``: safe Markdown and numbers as the pages write them (no Streamlit);
- ``menu``, ``registry``: the menu, from the one page list;
- ``components`` and their wrappers (``step_walk``, ``live_train``, ``in_browser``): the
  code the browser runs;
- ``streamlit_private``: every call into Streamlit's private parts.

Not a page itself: app.py's menu lists the page list's files only.
"""
