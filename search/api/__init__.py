"""The JSON HTTP API, for a clinic's own website and other programs: `python -m search serve`.

It answers exactly as the page does: the crisis check first, the same outcomes and the same screen
(search/present/), from the same published index, which it follows to each new version between
questions. It never writes a question's text to a log (search/api/server.py says how).
"""
