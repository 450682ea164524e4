// Heads each collection item and editor's pick with the title of the page chosen for it, so a
// curator can tell collapsed items apart (cms.panels.ChosenPageInlinePanel renders saved ones).
(() => {
  const refresh = (input) => {
    const child = input.closest("[data-chosen-page-input]");
    if (!child || child.dataset.chosenPageInput !== input.name) return;
    const heading = child.querySelector("[data-chosen-page-title]");
    const title = child.querySelector("[data-chooser-title]");
    if (!heading) return;
    // The chooser announces the new value before it writes the title, so read it a tick later.
    window.setTimeout(() => {
      const text = input.value && title ? title.textContent.trim() : "";
      heading.textContent = text ? `: ${text}` : "";
    }, 0);
  };
  document.addEventListener("change", (event) => {
    if (event.target instanceof HTMLInputElement) refresh(event.target);
  });
})();
