// Progressive enhancement only: every page works without this script.
import { initAll } from "../vendor/nhsuk-frontend.min.js";

initAll();

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
