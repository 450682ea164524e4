// Finder pages (search and the listings) enhanced, GOV.UK-style. Without this script they are a
// plain GET form with an Apply button, every group open and every option shown. With it:
// - below desktop width the filters fold behind a "Filter" button, so results follow the count;
// - long groups show their first few options and a "Show all" button;
// - ticking a box or changing the sort fetches the same URL the form would submit, swaps the
//   results in, keeps the address bar in step (history.replaceState) and updates the count,
//   which is a polite live region (role=status), so screen readers hear the new total.
const LONG_GROUP = 8; // groups longer than this are shortened...
const SHOW_FIRST = 6; // ...to this many options, plus any already ticked

function checkedIn(element) {
  const dates = [...element.querySelectorAll("input[type=date]")].filter((input) => input.value);
  return element.querySelectorAll("input[type=checkbox]:checked").length + dates.length;
}

function addToggle(finder, panel) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "nhsuk-button nhsuk-button--secondary icase-filter-toggle";
  button.setAttribute("aria-controls", panel.id);
  button.setAttribute("aria-expanded", "false");
  const label = () => {
    const ticked = checkedIn(panel);
    button.textContent = ticked ? `Filter (${ticked} selected)` : "Filter";
  };
  label();
  // A filter with a mistake in it (a date that is not real) starts open, so its message shows.
  const open = Boolean(panel.querySelector(".nhsuk-form-group--error"));
  button.setAttribute("aria-expanded", String(open));
  finder.classList.toggle("icase-finder--collapsed", !open);
  panel.before(button);
  button.addEventListener("click", () => {
    const open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    finder.classList.toggle("icase-finder--collapsed", !open);
  });
  panel.addEventListener("change", label);
}

function shorten(options) {
  const items = [...options.querySelectorAll(".nhsuk-checkboxes__item")];
  if (items.length <= LONG_GROUP) return;
  const extra = items.slice(SHOW_FIRST).filter((item) => !item.querySelector("input").checked);
  if (!extra.length) return;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "icase-link-button icase-show-more";
  button.setAttribute("aria-expanded", "false");
  const noun = options.dataset.filterNoun || "options";
  const show = (all) => {
    for (const item of extra) item.classList.toggle("icase-filter-option--hidden", !all);
    button.setAttribute("aria-expanded", String(all));
    button.textContent = all ? `Show fewer ${noun} options` : `Show all ${items.length} ${noun} options`;
  };
  show(false);
  button.addEventListener("click", () => show(button.getAttribute("aria-expanded") !== "true"));
  options.after(button);
}

function updateSelectedCount(group) {
  const summary = group?.querySelector("[data-selected-count]");
  if (!summary) return;
  const ticked = checkedIn(group);
  summary.textContent = ticked ? `${ticked} selected` : "";
}

function facetCounts(root) {
  const counts = new Map();
  for (const span of root.querySelectorAll("[data-facet-count]")) {
    const input = span.closest(".nhsuk-checkboxes__item")?.querySelector("input");
    if (input) counts.set(`${input.name}=${input.value}`, span.textContent);
  }
  return counts;
}

function initFinder(finder) {
  const panel = finder.querySelector(".icase-finder__filters");
  const form = panel?.querySelector("form") || panel?.closest("form");
  if (!form || !window.fetch || !window.DOMParser) return;
  finder.classList.add("icase-live-filters");
  addToggle(finder, panel);
  for (const options of panel.querySelectorAll("[data-filter-options]")) shorten(options);

  let controller;
  async function refresh() {
    const params = new URLSearchParams(new FormData(form));
    params.delete("page");
    const url = `${form.getAttribute("action") || window.location.pathname}?${params}`;
    controller?.abort();
    const current = (controller = new AbortController());
    finder.setAttribute("aria-busy", "true");
    try {
      // The header marks a refresh of a page already shown, so the server can leave it out of
      // the search log (each tick would otherwise count as another search).
      const headers = { Accept: "text/html", "X-ICASE-Finder": "refresh" };
      const response = await fetch(url, { signal: current.signal, headers });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const next = new DOMParser().parseFromString(await response.text(), "text/html").querySelector("[data-finder]");
      if (!next) throw new Error("no results in the response");
      for (const region of ["[data-finder-summary]", "[data-finder-results]"]) {
        finder.querySelector(region).replaceChildren(...next.querySelector(region).childNodes);
      }
      const counts = facetCounts(next);
      for (const span of panel.querySelectorAll("[data-facet-count]")) {
        const input = span.closest(".nhsuk-checkboxes__item").querySelector("input");
        span.textContent = counts.get(`${input.name}=${input.value}`) ?? "(0)";
      }
      window.history.replaceState(null, "", url);
      // The count is a live region: changing its text is what screen readers announce.
      finder.querySelector("[data-finder-count]").textContent = next.querySelector("[data-finder-count]").textContent;
    } catch (error) {
      if (error.name !== "AbortError") form.submit(); // the full page load gives the same answer
    } finally {
      if (controller === current) finder.removeAttribute("aria-busy");
    }
  }

  form.addEventListener("change", (event) => {
    const control = event.target;
    if (!control.matches("input[type=checkbox], input[type=date], select")) return;
    updateSelectedCount(control.closest("[data-filter-group]"));
    refresh();
  });
}

export function initFinders() {
  for (const finder of document.querySelectorAll("[data-finder]")) initFinder(finder);
}
