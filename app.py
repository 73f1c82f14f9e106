"""The search page: a question box; an answer, "did you mean" suggestions, or the intake contact; staff sign-in.

Run with `make run` (or `streamlit run app.py`). Reads the index folder from IOP_SEARCH_INDEX
(default index/). All retrieval logic lives in the search package; this file only shows it.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import streamlit as st

from search import (
    Answer,
    LoadedIndex,
    Result,
    SearchError,
    contact_line,
    load_embedder,
    load_index,
    load_rescorer,
    load_settings,
    search,
)
from search.index import MANIFEST_FILE
from search.query import SUGGESTIONS
from search.staff_access import HASH_ENVIRONMENT_VARIABLE, SECRETS_KEY, StaffHashError, check_hash, verify_password

STAFF_FLAG = "staff_signed_in"
# A wrong password costs this long on top of scrypt's own time, so guessing from the page is slow.
FAILED_SIGN_IN_DELAY = 1.0

GUIDANCE = (
    "Type a question in your own words, for example *How is IOP different from weekly counseling?* "
    "or *Can my family take part?* Answers come only from the program's own information."
)


@st.cache_resource(show_spinner="Loading the search model…")
def get_embedder():  # noqa: ANN201 - an Embedder; loaded once per process
    return load_embedder()


@st.cache_resource(show_spinner="Loading the re-scoring model…")
def get_rescorer():  # noqa: ANN201 - an Embedder; loaded once per process
    return load_rescorer()


@st.cache_resource(max_entries=2, show_spinner="Loading the program's information…")
def get_index(index_dir: str, version: str) -> LoadedIndex:
    """The index, loaded once per published version (`version` is only part of the cache key)."""
    return load_index(Path(index_dir))


def published_version(index_dir: Path) -> str:
    """Changes whenever a new index is published, so the page picks it up without a restart."""
    try:
        stat = (index_dir / MANIFEST_FILE).stat()
    except OSError:
        return "none"
    return f"{stat.st_ino}-{stat.st_mtime_ns}-{stat.st_size}"


def markdown_text(text: str) -> str:
    """Content as Markdown, with '$' kept literal (Streamlit would read '$...$' as math)."""
    return text.replace("$", r"\$")


def configured_staff_hash() -> str | None:
    """The staff password hash from the environment or Streamlit's secrets, if one is set."""
    if os.environ.get(HASH_ENVIRONMENT_VARIABLE, "").strip():
        return os.environ[HASH_ENVIRONMENT_VARIABLE]
    try:
        value = st.secrets.get(SECRETS_KEY)
    except FileNotFoundError:  # no secrets.toml: Streamlit's error for it is a FileNotFoundError
        return None
    return str(value) if value else None


def staff_sidebar() -> bool:
    """The sign-in box; whether this visitor is signed in as staff. Fails closed."""
    stored = configured_staff_hash()
    with st.sidebar:
        st.subheader("Staff")
        if stored is None:
            st.caption("Staff sign-in is off: no staff password has been set up for this page.")
            return False
        try:
            check_hash(stored)
        except StaffHashError as error:
            st.error(f"Staff sign-in is off: {error}.")
            return False
        if st.session_state.get(STAFF_FLAG):
            st.success("Signed in: staff policies are searched too.")
            if st.button("Sign out"):
                st.session_state[STAFF_FLAG] = False
                st.rerun()
            return True
        with st.form("staff_sign_in", clear_on_submit=True):
            password = st.text_input("Staff password", type="password")
            if st.form_submit_button("Sign in") and password:
                if verify_password(password, stored):
                    st.session_state[STAFF_FLAG] = True
                    st.rerun()
                time.sleep(FAILED_SIGN_IN_DELAY)
                st.error("That password is not right.")
    return False


def source_caption(result: Result) -> str:
    staff_only = "Staff only · " if result.audience == "staff" else ""
    return f"{staff_only}Source: {result.source}"


def show_answer(answer: Answer) -> None:
    """The best result as the answer, and the next few folded away as related answers."""
    best, *related = answer.results[:SUGGESTIONS]
    st.success("Here is the best answer from the program's information.")
    with st.container(border=True):
        st.markdown(f"**{markdown_text(best.title)}**")
        st.markdown(markdown_text(best.text))
        st.caption(source_caption(best))
    if related:
        st.markdown("Related answers:")
    for result in related:
        with st.expander(result.title):
            st.markdown(markdown_text(result.text))
            st.caption(source_caption(result))


def show_suggestions(answer: Answer, index: LoadedIndex) -> None:
    """Close, but not sure: a few results to choose from, and the person to ask."""
    st.info("We're not sure which of these you mean. Did you mean:")
    for result in answer.results[:SUGGESTIONS]:
        with st.expander(result.title):
            st.markdown(markdown_text(result.text))
            st.caption(source_caption(result))
    st.markdown(f"If none of these is what you need: {contact_line(index.manifest.clinic)}")


def show_no_answer(index: LoadedIndex) -> None:
    st.warning("We don't have an answer for that in the program's information.")
    st.markdown(contact_line(index.manifest.clinic))


def main() -> None:
    st.set_page_config(page_title="Ask about the program", layout="centered", initial_sidebar_state="collapsed")
    try:
        settings = load_settings()
        index = get_index(str(settings.index), published_version(settings.index))
    except (SearchError, ValueError) as error:  # ValueError: a bad IOP_SEARCH_* setting
        st.title("Ask about the program")
        st.error(str(error))
        st.stop()
    staff = staff_sidebar()
    clinic = index.manifest.clinic
    st.title(f"Ask {clinic.name}" if clinic and clinic.name else "Ask about the program")
    question = st.text_input("Your question", placeholder="What would you like to know?")
    rescoring = settings.rescore and index.rescore_vectors is not None
    if not question.strip():
        st.info(GUIDANCE)
        # Load the models while the visitor types, not after they ask.
        get_embedder()
        if rescoring:
            get_rescorer()
        return
    rescorer = get_rescorer() if rescoring else None
    answer = search(index, get_embedder(), question, settings, "staff" if staff else "public", rescorer)
    if answer.shortened:
        st.caption("Your question was long, so only its beginning was used.")
    if answer.outcome == "answer":
        show_answer(answer)
    elif answer.outcome == "uncertain":
        show_suggestions(answer, index)
    else:
        show_no_answer(index)


main()
