"""A student's answer to a class poll, reached by the link or QR code the projector shows
(pages/ui/poll_view.py); hidden from the menu."""

from pages.ui import poll_view
from pages.ui.frame import page

view = page(
    "Your answer",
    "A class poll: answer on this phone. You may change your answer while the poll is open.",
)
poll_view.answer_page()
view.finish()
