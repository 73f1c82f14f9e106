// A clinic website's search box calling the iop-search API (POST /ask), and showing what it returns.
//
// The API decides what a screen shows and in which order (crisis help first, when a question needs
// it); this page only decides how each block looks, and shows the blocks in the order they come.
// The "html" fields are made by the API with every character of the text escaped and every phone
// number a link (search/present/screen_json.py), so they are set as HTML; everything else is text.
// Nothing is fetched from anywhere but the API.

const FAILED =
  "The search is not available right now. If you need help now, call or text 988. " +
  "For questions about the program, please call our intake team.";

function apiAddress() {
  const asked = new URLSearchParams(window.location.search).get("api");
  return (asked || document.querySelector('meta[name="iop-search-api"]').content).replace(/\/$/, "");
}

function element(tag, className, text) {
  const made = document.createElement(tag);
  if (className) made.className = className;
  if (text !== undefined) made.textContent = text;
  return made;
}

function withHtml(tag, className, html) {
  const made = element(tag, className);
  made.innerHTML = html; // escaped by the API
  return made;
}

function crisisPanel(block) {
  const panel = element("section", "crisis");
  panel.setAttribute("role", "alert");
  panel.append(element("h2", "", block.heading));
  const steps = element("ul");
  for (const step of block.steps) steps.append(withHtml("li", "", step.html));
  panel.append(steps, withHtml("p", "", block.closing.html));
  return panel;
}

function result(block) {
  const shown = block.role === "answer" ? element("article", "answer") : element("details");
  const title = block.label ? `${block.label}: ${block.title}` : block.title;
  shown.append(block.role === "answer" ? element("h2", "", title) : element("summary", "", title));
  if (block.note) shown.append(element("p", "note", block.note));
  const text = withHtml("div", "text", block.html);
  text.lang = block.language;
  shown.append(text, element("p", "source", block.source));
  return shown;
}

function show(screen) {
  const place = document.getElementById("answer");
  place.replaceChildren();
  place.lang = screen.language;
  for (const block of screen.blocks) {
    if (block.type === "crisis") place.append(crisisPanel(block));
    else if (block.type === "concern") {
      const lines = element("div", "concern");
      for (const line of block.lines) lines.append(withHtml("p", "", line.html));
      place.append(lines);
    } else if (block.type === "headline") place.append(withHtml("p", `headline ${block.tone}`, block.html));
    else if (block.type === "note") place.append(withHtml("p", "note", block.html));
    else if (block.type === "line") place.append(withHtml("p", "line", block.html));
    else if (block.type === "result") place.append(result(block));
  }
  const announcement = document.getElementById("announcement");
  announcement.lang = screen.language;
  announcement.textContent = screen.announcement;
}

async function ask(question) {
  const place = document.getElementById("answer");
  try {
    const response = await fetch(`${apiAddress()}/ask`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ question }),
    });
    if (!response.ok) throw new Error(`the API answered ${response.status}`);
    show((await response.json()).screen);
  } catch (error) {
    place.replaceChildren(element("p", "headline warning", FAILED));
    document.getElementById("announcement").textContent = FAILED;
  }
}

document.getElementById("ask").addEventListener("submit", (event) => {
  event.preventDefault();
  const question = document.getElementById("question").value.trim();
  if (question) ask(question);
});
