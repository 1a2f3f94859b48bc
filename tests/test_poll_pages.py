"""Ask the class through the app (AppTest): the teacher asks from the exercises page, the
projector shows the question and the counts, students answer on the hidden answer page.
On SQLite, and on PostgreSQL when a server is given (always under CI)."""

import numpy as np
import pytest

from pages.ui import poll as P
from pages.ui import poll_store as S
from pages.ui.registry import MENU, PAGES, TOPICS

from pagetest import assert_clean, figures, open_page

EXERCISES = "pages/8_Exercises.py"
PROJECTOR = "pages/9_Ask_the_class.py"
ANSWER = "pages/answer.py"
MENU_NAMES = {"sigma_prime": "sigma prime", "ce_grad": "CE gradient", "count": "parameter count"}


@pytest.fixture
def poll_db(database_url, monkeypatch):
    """The app's polls in a fresh database; an engine on it for the test to look."""
    from sqlalchemy import create_engine

    monkeypatch.setenv("METL_DATABASE_URL", database_url)
    for name in ("METL_TEACHER_PASSWORD", "METL_PUBLIC_URL"):
        monkeypatch.delenv(name, raising=False)
    engine = S.ready(create_engine(database_url))
    yield engine
    engine.dispose()
    S.dispose_all()


def ask(kind="sigma_prime", seed=3, query=None):
    """The teacher's session: the exercise, then Ask the class. Returns (app, code)."""
    at = open_page(
        EXERCISES, {"kind": MENU_NAMES.get(kind, kind), "seed": str(seed), **(query or {})}
    )
    assert_clean(at)
    at.button(key="ask_class").click().run()
    assert_clean(at)
    # The app switched pages itself; AppTest's own page is still the one it opened.
    at.switch_page(PROJECTOR)
    return at, at.query_params.get("code", "")


def student(code: str, me: str | None = None):
    at = open_page(ANSWER, {"code": code, **({"me": me} if me else {})}, folded=True)
    assert_clean(at)
    return at


def send(at, code: str, text: str):
    at.text_area(key=f"answer_{code}").set_value(text)
    next(b for b in at.button if b.label == "Send").click().run()
    assert_clean(at)
    return at


def messages(at) -> tuple[list[str], list[str]]:
    return [s.value for s in at.success], [e.value for e in at.error]


def markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_asking_opens_the_projector_with_the_question_its_code_link_and_qr(poll_db):
    at, code = ask("sigma_prime", 3, {"present": "1"})
    assert P.clean_code(code) == code
    assert at.query_params == {"code": code, "present": "1"}  # still presenting, no secret
    text = markdown(at)
    assert "σ′ at a point" in text and "x = -3.9" in text
    assert f"## Code {code}\n\n`http://localhost:8501/answer?code={code}`" in text
    (qr,) = at.get("image")
    assert "svg" in str(qr.proto)
    poll = S.find(poll_db, code)
    assert (poll.kind, poll.seed) == ("sigma_prime", 3) and poll.is_open()
    (secret,) = at.session_state["_poll_secrets"].values()
    assert secret not in text and S.is_owner(poll_db, code, secret)
    assert "0 answers so far" in text


def test_answers_arrive_on_the_projector_with_the_mistakes_named(poll_db):
    at, code = ask("sigma_prime", 3)
    ex = S.find(poll_db, code).exercise
    x = ex.given["x"]
    right = f"{ex.expected[0]:.5f}"
    for typed in (right, f"{x * (1 - x):.4f}", right, f"{x * (1 - x):.4f}", "0.5"):
        send(student(code), code, typed)
    at.run()
    assert_clean(at)
    assert "### 5 answers · 40 % right (2 of 5)" in markdown(at)
    bars = figures(at)["poll_mistakes"]["data"][0]
    assert list(bars["y"]) == [P.mistake_name("entry"), P.mistake_name("x_times_one_minus_x")]
    assert list(bars["x"]) == [1, 2]
    hist = figures(at)["poll_histogram"]
    assert sum(hist["data"][0]["y"]) == 5
    assert not hist["layout"].get("shapes")  # the correct value stays hidden until revealed


def test_a_student_gets_feedback_at_once_and_keeps_the_answer_after_a_reload(poll_db):
    _, code = ask("ce_grad", 2)
    ex = S.find(poll_db, code).exercise
    forgot_y = ", ".join(f"{v:.5f}" for v in ex.expected + np.eye(ex.expected.size)[ex.given["k"]])
    phone = send(student(code), code, forgot_y)
    ok, errors = messages(phone)
    assert not ok and errors[0].startswith("Sent\\. Not yet: gives ŷ")
    me = phone.query_params["me"]
    again = student(code, me)  # a reload: a new session, the same link
    assert again.text_area(key=f"answer_{code}").value.startswith(forgot_y.split(",")[0])
    assert messages(again)[1][0].startswith("Your answer is in\\. Not yet: gives ŷ")
    right = ", ".join(f"{v:.5f}" for v in ex.expected)
    assert messages(send(again, code, right))[0] == ["Sent\\. Right: every entry matches\\."]
    assert S.count(poll_db, S.find(poll_db, code).id) == 1  # one answer, changed


# A 10 MB paste never reaches the page: Streamlit closes the socket of a message over 1 MB
# (server.maxWidgetStateSize; tests/test_deploy.py). Under that, the page refuses it.
BAD = {
    "a 900 kB paste": "0." + "1" * 900_000,
    "markup": "<script>alert(1)</script>",
    "SQL": "0.1); DROP TABLE metl_answers; --",
    "NaN": "NaN",
    "wrong shape": "0.1, 0.2",
}


@pytest.mark.parametrize("name", BAD, ids=list(BAD))
def test_bad_input_is_refused_with_a_message_and_not_stored(poll_db, name):
    _, code = ask("sigma_prime", 3)
    phone = send(student(code), code, BAD[name])
    ok, errors = messages(phone)
    assert not ok and len(errors) == 1 and "Nothing was sent" in errors[0]
    assert len(errors[0]) < 400 and "<script>" not in errors[0].replace("` <script>", "")
    assert S.count(poll_db, S.find(poll_db, code).id) == 0


def test_markup_is_quoted_as_code_in_the_message_never_rendered(poll_db):
    _, code = ask("sigma_prime", 3)
    (error,) = messages(send(student(code), code, "<b>0.5</b>"))[1]
    assert "` <b>0.5</b> `" in error  # an inline code span: shown as text


def test_no_answer_is_taken_once_the_poll_is_closed(poll_db):
    at, code = ask("sigma_prime", 3)
    phone = student(code)  # the form was open before the close
    at.button(key="poll_close").click().run()
    assert_clean(at)
    assert "the poll is closed" in markdown(at)
    assert not [b for b in at.button if b.key == "poll_close"]
    ex = S.find(poll_db, code).exercise
    ok, errors = messages(send(phone, code, f"{ex.expected[0]:.5f}"))
    assert errors == ["The poll is closed: your answer was not taken."] and not ok
    assert S.count(poll_db, S.find(poll_db, code).id) == 0
    late = student(code)
    assert not late.text_area and "no answer was taken" in late.info[0].value


def test_reveal_shows_the_answer_and_derivation_and_marks_the_histogram(poll_db):
    at, code = ask("sigma_prime", 3)
    ex = S.find(poll_db, code).exercise
    send(student(code), code, f"{ex.expected[0]:.5f}")
    at.button(key="poll_reveal").click().run()
    assert_clean(at)
    text = markdown(at)
    assert f"**The answer:** `{P.answer_text(ex)}`" in text and "σ(x) (1 − σ(x))" in text
    (line,) = figures(at)["poll_histogram"]["layout"]["shapes"]
    assert line["x0"] == pytest.approx(float(ex.expected[0]))
    phone = student(code)
    assert f"`{P.answer_text(ex)}`" in markdown(phone)  # students see it once revealed


def test_clear_deletes_the_answers(poll_db):
    at, code = ask("sigma_prime", 3)
    send(student(code), code, "0.5")
    at.button(key="poll_clear").click().run()
    assert_clean(at)
    assert S.count(poll_db, S.find(poll_db, code).id) == 0
    assert "0 answers so far" in markdown(at)


def test_another_session_sees_the_counts_but_cannot_act(poll_db):
    _, code = ask("sigma_prime", 3)
    other = open_page(PROJECTOR, {"code": code, "present": "1"}, folded=True)
    assert_clean(other)
    assert "0 answers so far" in markdown(other)
    keys = {b.key for b in other.button}
    assert not keys & {"poll_close", "poll_reveal", "poll_clear"}
    assert not other.get("download_button") and not other.text_input  # no password asked


def test_with_a_teacher_password_asking_needs_it_and_it_takes_a_poll_back(poll_db, monkeypatch):
    monkeypatch.setenv("METL_TEACHER_PASSWORD", "correct horse")
    at, code = ask("sigma_prime", 3)
    assert code == "" and S.count(poll_db, 1) == 0  # no poll yet
    box = at.text_input(key="poll_password")
    box.set_value("wrong")
    next(b for b in at.button if b.label == "Unlock").click().run()
    assert (
        at.error[0].value == "That is not the teacher password." and "code" not in at.query_params
    )
    at.text_input(key="poll_password").set_value("correct horse")
    next(b for b in at.button if b.label == "Unlock").click().run()
    assert_clean(at)
    code = at.query_params["code"]
    (first_secret,) = at.session_state["_poll_secrets"].values()
    # The teacher's laptop reloads: a new session, which the password lets take over.
    laptop = open_page(PROJECTOR, {"code": code}, folded=True)
    assert not [b for b in laptop.button if b.key == "poll_close"]
    laptop.text_input(key="poll_password").set_value("correct horse")
    next(b for b in laptop.button if b.label == "Unlock").click().run()
    assert_clean(laptop)
    assert [b for b in laptop.button if b.key == "poll_close"]
    assert not S.is_owner(poll_db, code, first_secret)  # the old session lost its rights


def test_answers_are_rate_limited_per_session(poll_db):
    _, code = ask("sigma_prime", 3)
    phone = student(code)
    for _ in range(P.RateLimit().burst):
        assert messages(send(phone, code, "0.5"))[1][0].startswith("Sent")
    assert messages(send(phone, code, "0.4"))[1] == [
        "Too many answers in a short time: wait a few seconds, then send again."
    ]
    assert (
        S.answer_of(poll_db, S.find(poll_db, code).id, P.student_id(phone.query_params["me"]))
        == "0.5"
    )


def test_the_answer_page_asks_for_a_code_and_refuses_a_bad_one(poll_db):
    _, code = ask("sigma_prime", 3)
    phone = open_page(ANSWER, folded=True)
    assert_clean(phone)
    phone.text_input(key="poll_code_typed").set_value("<b>x")
    next(b for b in phone.button if b.label == "Open").click().run()
    assert phone.error[0].value.startswith("A code is 4 letters and digits")
    phone.text_input(key="poll_code_typed").set_value(code.lower())
    next(b for b in phone.button if b.label == "Open").click().run()
    assert_clean(phone)
    assert phone.query_params["code"] == code and phone.text_area
    unknown = open_page(ANSWER, {"code": "AAAA" if code != "AAAA" else "CCCC"}, folded=True)
    assert unknown.error[0].value.startswith("No poll has the code")


def test_the_answer_page_is_hidden_from_the_menu_and_not_shared():
    answer = next(e for e in PAGES if e.file == ANSWER)
    assert not answer.menu and answer not in MENU and answer not in TOPICS
    assert next(e for e in PAGES if e.file == PROJECTOR) in TOPICS
    phone = open_page(ANSWER, folded=True)
    assert not [x for x in phone.expander if "Share" in x.label]


@pytest.mark.parametrize(
    "page, kind, quantity",
    [("pages/2_Sigmoid.py", "sigma_prime", ""), ("pages/4_MLP_backprop.py", "backprop", "dz1")],
)
def test_a_topic_page_asks_the_class_a_fresh_exercise_of_its_topic(poll_db, page, kind, quantity):
    at = open_page(page, folded=True)
    at.button(key="ask_class").click().run()
    assert_clean(at)
    poll = S.find(poll_db, at.query_params["code"])
    assert (poll.kind, poll.quantity) == (kind, quantity) and 0 <= poll.seed <= P.MAX_SEED


def test_a_link_whose_code_cannot_be_a_code_says_so_without_echoing_it(poll_db):
    phone = open_page(ANSWER, {"code": "<img src=x>"}, folded=True)
    (error,) = phone.error
    assert error.value.startswith("This link's code is not a poll code")
    assert "img" not in error.value
    assert phone.text_input(key="poll_code_typed")  # and the code can be typed instead
