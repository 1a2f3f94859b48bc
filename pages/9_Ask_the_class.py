"""Ask the class: the projector's view of a live poll (pages/ui/poll_view.py)."""

from pages.ui import poll_view
from pages.ui.frame import page

view = page(
    "Ask the class",
    "Scan the QR code or open the link on a phone and answer: the counts below change as "
    "the answers arrive.",
)
poll_view.projector()
view.finish()
