"""Answering a question: Searcher.ask(question, audience) -> Answer."""
