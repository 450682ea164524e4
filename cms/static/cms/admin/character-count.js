// A character count under every text field with a maximum length ("212 of 400 characters"):
// Wagtail counts only in rich text. Screen readers hear the count when 20 or fewer are left.
(() => {
  const SELECTOR = 'input[type="text"][maxlength], textarea[maxlength]';
  const counters = new WeakMap();

  const update = (field) => {
    const counter = counters.get(field);
    if (!counter) return;
    const max = Number(field.getAttribute("maxlength"));
    const used = field.value.length;
    counter.textContent = `${used} of ${max} characters`;
    counter.classList.toggle("icase-character-count--over", used >= max);
    counter.setAttribute("aria-live", max - used <= 20 ? "polite" : "off");
  };

  const attach = (field) => {
    if (counters.has(field) || field.name === "slug" || field.closest("template")) return;
    const counter = document.createElement("p");
    counter.className = "icase-character-count";
    counter.id = `${field.id || field.name}-character-count`;
    field.insertAdjacentElement("afterend", counter);
    const described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", described ? `${described} ${counter.id}` : counter.id);
    counters.set(field, counter);
    update(field);
  };

  const scan = (root) => root.querySelectorAll(SELECTOR).forEach(attach);
  document.addEventListener("input", (event) => update(event.target));
  document.addEventListener("DOMContentLoaded", () => {
    const form = document.querySelector("[data-edit-form]") || document.body;
    scan(form);
    // Items added to an inline panel (a collection item, an outcome) get their counts too.
    new MutationObserver(() => scan(form)).observe(form, { childList: true, subtree: true });
  });
})();
