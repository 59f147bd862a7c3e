// Progressive enhancement only: every form and link works without this file.
(() => {
  "use strict";
  // Lets CSS hide controls that only exist for the no-JS path (e.g. the market switcher's "Go" button).
  document.documentElement.classList.add("js");

  // <select data-autosubmit> (the market switcher, sort order) submits its form when changed.
  // Forms driven by htmx handle their own "change" trigger, so they are skipped here.
  document.addEventListener("change", (e) => {
    const el = e.target;
    if (!el.matches || !el.matches("[data-autosubmit]") || !el.form) return;
    if (el.form.hasAttribute("hx-get") || el.form.hasAttribute("hx-post")) return;
    if (typeof el.form.requestSubmit === "function") el.form.requestSubmit();
    else el.form.submit();
  });

  // Search filters: open on wide screens; on phones folded behind a "Filters" button, remembering
  // whether the shopper opened it across htmx swaps. Without JS they simply stay open.
  const phone = window.matchMedia("(max-width: 899px)");
  let filtersOpen = false;
  const syncFilters = (root) => {
    root.querySelectorAll("details[data-mobile-collapse]").forEach((d) => {
      d.open = !phone.matches || filtersOpen || d.querySelector(".field-error") !== null;
    });
  };
  document.addEventListener("toggle", (e) => {
    if (phone.matches && e.target.matches && e.target.matches("details[data-mobile-collapse]")) {
      filtersOpen = e.target.open;
    }
  }, true);
  document.addEventListener("DOMContentLoaded", () => syncFilters(document));
  document.addEventListener("htmx:load", (e) => syncFilters(e.detail.elt));

  // Leave empty filters out of the URL htmx pushes (?brand=&grade= is noise to share or bookmark).
  document.addEventListener("htmx:configRequest", (e) => {
    const params = e.detail.parameters;
    if (!params || e.detail.verb !== "get") return;
    const keys = typeof params.keys === "function" ? Array.from(params.keys()) : Object.keys(params);
    for (const key of keys) {
      const value = typeof params.get === "function" ? params.get(key) : params[key];
      if (value === "" || value === null) {
        if (typeof params.delete === "function") params.delete(key);
        else delete params[key];
      }
    }
  });

  // Keep the filters' busy state announced to assistive technology while htmx loads results.
  document.addEventListener("htmx:beforeRequest", (e) => {
    const target = e.detail && e.detail.target;
    if (target) target.setAttribute("aria-busy", "true");
  });
  document.addEventListener("htmx:afterSettle", (e) => {
    const target = e.detail && e.detail.target;
    if (target) target.removeAttribute("aria-busy");
  });
  document.addEventListener("htmx:responseError", (e) => {
    const target = e.detail && e.detail.target;
    if (target) target.removeAttribute("aria-busy");
  });
})();
