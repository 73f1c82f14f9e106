"""The page's one script of its own: what a keyboard or screen-reader user needs that Streamlit cannot say.

Streamlit has no way to give a field focus, and it replaces the page's elements on every run, so a
live region drawn by the app itself is a new element each time, which screen readers often do not
read. This script, run once per page load, therefore:

- puts the focus in the question box when the page loads (unless the visitor has already focused
  something), so a visitor can type at once;
- takes Streamlit's main region out of the Tab order (its "Skip to main content" link still reaches
  it), and that link too when there is no sidebar to skip (the public page has none), so the question
  box is the page's first Tab stop;
- keeps one live region of its own (role="status", polite) that says what the app puts in a hidden
  element's `data-announce` (app.py's announcement of each outcome), so a screen reader reads each new outcome
  once it is on the page.

serve.py allows exactly this script by its hash in the Content-Security-Policy; no other inline
script can run. The app shows it with `st.html(..., unsafe_allow_javascript=True)`.
"""

from __future__ import annotations

# The attribute whose value the live region says; the element that has it is hidden.
ANNOUNCE_ATTRIBUTE = "data-announce"
# The live region's test id, for the browser tests.
LIVE_REGION_ID = "iopLiveRegion"

PAGE_SCRIPT = f"""(() => {{
  if (window.iopSearchPage) return;
  window.iopSearchPage = true;
  const live = document.createElement("div");
  live.setAttribute("role", "status");
  live.setAttribute("aria-live", "polite");
  live.setAttribute("data-testid", "{LIVE_REGION_ID}");
  live.style.cssText = "position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap";
  document.body.appendChild(live);
  let focused = false;
  const update = () => {{
    const box = document.querySelector(".st-key-question input");
    if (!focused && box) {{
      focused = true;
      if (!document.activeElement || document.activeElement === document.body) box.focus();
    }}
    const main = document.getElementById("stMain");
    if (main && main.tabIndex !== -1) main.tabIndex = -1;
    const skip = document.querySelector('[data-testid="stSkipToContent"]');
    const skipStop = document.querySelector('[data-testid="stSidebar"]') ? 0 : -1;
    if (skip && skip.tabIndex !== skipStop) skip.tabIndex = skipStop;
    const said = document.querySelector("[{ANNOUNCE_ATTRIBUTE}]");
    const text = said ? said.getAttribute("{ANNOUNCE_ATTRIBUTE}") : "";
    if (live.textContent !== text) {{
      live.setAttribute("lang", said ? said.getAttribute("lang") || "en" : "en");
      live.textContent = text;
    }}
  }};
  new MutationObserver(update).observe(document.body, {{ childList: true, subtree: true, characterData: true }});
  update();
}})();"""
