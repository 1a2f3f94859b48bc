"""Every call into Streamlit's private parts, in one place.

Each was read in Streamlit's source at the version below and is tested there
(tests/test_ui.py); a test fails on any other version, and requirements.txt pins
Streamlit to match, so an upgrade starts by reading these again.
"""

from __future__ import annotations

from pathlib import Path

CHECKED_ON = ("1.67",)  # major.minor releases these calls were read and tested on


def page_script() -> tuple[Path, Path] | None:
    """(the running page's script, the app's folder), resolved; None outside a run."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    info = ctx.pages_manager.get_pages().get(ctx.page_script_hash) if ctx else None
    if not info:
        return None
    return Path(info["script_path"]).resolve(), Path(ctx.main_script_path).resolve().parent


def set_link_value(key: str, value: str | None) -> None:
    """What a widget bound to ``key`` reads from the link: ``value``, or nothing.

    A widget reads the link's first values, which the public ``st.query_params`` cannot
    change (it changes the address bar, not what the widgets were seeded with).
    """
    from streamlit.runtime.state.session_state_proxy import get_session_state

    with get_session_state().query_params() as qp:
        if value is None:
            qp._initial_query_params.pop(key, None)
        else:
            qp._initial_query_params[key] = [value]


def leave_pages_folder_mode() -> bool:
    """Whether this run is Streamlit's old pages-folder mode; switch it off if so.

    A folder named ``pages`` beside app.py makes Streamlit run a page script directly,
    with a menu of file names, until some run calls ``st.navigation``: after a restart,
    a class opening one page's link never ran app.py. The first such run switches the
    mode off for the whole server (and gives the menu itself: pages/ui/menu.py).
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        return True
    return False


def in_fragment_rerun() -> bool:
    """Whether this run reruns fragments only (a control inside one moved), not the page."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return bool(ctx and ctx.fragment_ids_this_run)
