// Progressive enhancement only: every page works without this script.
import { initAll } from "../vendor/nhsuk-frontend.min.js";
import { initFinders } from "./finder.js";

// nhsuk-frontend starts only on a body marked as supported. Its template does this with an inline
// script, which our Content Security Policy forbids; a module script runs only in the browsers that
// class stands for, so marking the body here is the same test.
document.body.classList.add("js-enabled", "nhsuk-frontend-supported");
initAll();
initFinders();

// Search-as-you-type: offer matching titles in the browser's own suggestion list (a <datalist>),
// which screen readers and keyboards already know how to use.
for (const input of document.querySelectorAll("input[data-suggest-url]")) {
  const list = document.createElement("datalist");
  list.id = `${input.id}-suggestions`;
  input.after(list);
  input.setAttribute("list", list.id);
  let timer;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const query = input.value.trim();
    if (query.length < 2) return;
    timer = setTimeout(async () => {
      try {
        const response = await fetch(`${input.dataset.suggestUrl}?q=${encodeURIComponent(query)}`);
        if (!response.ok) return;
        const { suggestions } = await response.json();
        list.replaceChildren(
          ...suggestions.map(({ title }) => Object.assign(document.createElement("option"), { value: title })),
        );
      } catch {
        // Suggestions are a convenience; the form still submits normally.
      }
    }, 150);
  });
}
