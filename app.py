"""The search page: a question box, answer cards, and the no-answer contact.

Run with `make run` (or `streamlit run app.py`). Reads the index folder from IOP_SEARCH_INDEX
(default index/). All retrieval logic lives in the search package; this file only shows it.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from search import Answer, LoadedIndex, SearchError, contact_line, load_embedder, load_index, load_settings, search
from search.index import MANIFEST_FILE

GUIDANCE = (
    "Type a question in your own words, for example *How is IOP different from weekly counseling?* "
    "or *Can my family take part?* Answers come only from the program's own information."
)


@st.cache_resource(show_spinner="Loading the search model…")
def get_embedder():  # noqa: ANN201 - an Embedder; loaded once per process
    return load_embedder()


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


def show_answer(answer: Answer, threshold: float) -> None:
    for result in answer.results:
        if result.score < threshold:
            break
        with st.container(border=True):
            st.markdown(f"**{markdown_text(result.title)}**")
            st.markdown(markdown_text(result.text))
            st.caption(f"{result.confidence} · Source: {result.source}")


def show_no_answer(index: LoadedIndex) -> None:
    st.warning("We don't have an answer for that in the program's information.")
    st.markdown(contact_line(index.manifest.clinic))


def main() -> None:
    st.set_page_config(page_title="Ask about the program", layout="centered")
    try:
        settings = load_settings()
        index = get_index(str(settings.index), published_version(settings.index))
    except (SearchError, ValueError) as error:  # ValueError: a bad IOP_SEARCH_* setting
        st.title("Ask about the program")
        st.error(str(error))
        st.stop()
    clinic = index.manifest.clinic
    st.title(f"Ask {clinic.name}" if clinic and clinic.name else "Ask about the program")
    question = st.text_input("Your question", placeholder="What would you like to know?")
    if not question.strip():
        st.info(GUIDANCE)
        get_embedder()  # load the model while the visitor types, not after they ask
        return
    answer = search(index, get_embedder(), question, settings)
    if answer.shortened:
        st.caption("Your question was long, so only its beginning was used.")
    if answer.outcome == "answer":
        show_answer(answer, settings.answer_threshold)
    else:
        show_no_answer(index)


main()
