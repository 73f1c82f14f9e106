"""The last answers given from one index, so a question asked again (a page rerun, a common
question) costs a dictionary lookup instead of the model."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import replace

from search.retrieval.answer import Answer
from search.vocab import Audience, RiskLevel

# Answers kept per loaded index.
RECENT_ANSWERS = 256


class RecentAnswers:
    """The last RECENT_ANSWERS answers given from one index, most recent last.

    Keyed by a hash of the question, never its text; only answers with no sign of crisis are kept,
    so a crisis question is never held and is checked afresh every time. The texts shown are
    the index's own.
    """

    def __init__(self) -> None:
        self._answers: OrderedDict[tuple[bytes, Audience, str | None], Answer] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def key(text: str, audience: Audience, language: str | None = None) -> tuple[bytes, Audience, str | None]:
        return hashlib.sha256(text.encode("utf-8")).digest(), audience, language

    def get(self, key: tuple[bytes, Audience, str | None]) -> Answer | None:
        with self._lock:
            answer = self._answers.get(key)
            if answer is not None:
                self._answers.move_to_end(key)
            return answer

    def keep(self, key: tuple[bytes, Audience, str | None], answer: Answer) -> None:
        if answer.risk.level != RiskLevel.NONE:
            return
        with self._lock:
            self._answers[key] = replace(answer, query="", seconds={})
            while len(self._answers) > RECENT_ANSWERS:
                self._answers.popitem(last=False)
