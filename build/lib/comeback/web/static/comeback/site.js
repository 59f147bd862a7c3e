// Progressive enhancement only: every form and link works without this file.
(() => {
  "use strict";
  // Lets CSS hide controls that only exist for the no-JS path (e.g. the market switcher's "Go" button).
  document.documentElement.classList.add("js");

  // The header's menu button (phones): shows the market, language and account links folded behind it.
  document.addEventListener("click", (e) => {
    const button = e.target.closest && e.target.closest(".menu-toggle");
    if (!button) return;
    const nav = document.getElementById(button.getAttribute("aria-controls"));
    const open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    if (nav) nav.classList.toggle("is-open", open);
  });

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

  // A field being typed in when results arrive keeps what was typed since the request left: the swap
  // would otherwise put back the value sent ("" or "2"), and the next keys would make "00" of "200".
  // Its own change (leaving the field or Enter) then sends the whole value.
  let typing = null;
  document.addEventListener("htmx:beforeSwap", (e) => {
    const el = document.activeElement;
    const target = e.detail && e.detail.target;
    typing = el && el.id && target && target.contains(el) && el.matches("input[type=text], input[type=search]")
      ? { id: el.id, value: el.value, start: el.selectionStart, end: el.selectionEnd }
      : null;
  });
  document.addEventListener("htmx:afterSwap", () => {
    if (!typing) return;
    const el = document.getElementById(typing.id);
    if (el && el.value !== typing.value) {
      el.value = typing.value;
      el.focus();
      try { el.setSelectionRange(typing.start, typing.end); } catch (_) { /* not a text field */ }
    }
    typing = null;
  });

  // Another colour or configuration picked on a product page: its region is replaced (outerHTML), so focus
  // goes back to the picked link and a keyboard user keeps their place.
  document.addEventListener("htmx:afterSettle", (e) => {
    const target = e.detail && e.detail.target;
    if (!target || target.id !== "product-main") return;
    const picked = document.querySelector("#product-main .variant-picker a[aria-current=true]");
    if (picked) picked.focus({ preventScroll: true });
  });

  // The search box's suggestions (a combobox with a listbox, WAI-ARIA 1.2): the server sends the list as
  // one types; arrows move through it, Enter opens the chosen model, Escape or a click elsewhere closes it.
  const suggestBox = () => document.getElementById("site-q");
  const suggestList = () => document.getElementById("site-q-list");
  const suggestOptions = () => Array.from(document.querySelectorAll("#site-q-list [role=option]"));
  const showSuggestions = (open) => {
    const input = suggestBox();
    const list = suggestList();
    if (!input || !list) return;
    const any = open && suggestOptions().length > 0;
    list.hidden = !any;
    input.setAttribute("aria-expanded", String(any));
    if (!any) input.removeAttribute("aria-activedescendant");
  };
  const pickSuggestion = (index) => {
    const options = suggestOptions();
    options.forEach((o, i) => o.setAttribute("aria-selected", String(i === index)));
    const input = suggestBox();
    if (options[index]) input.setAttribute("aria-activedescendant", options[index].id);
    else input.removeAttribute("aria-activedescendant");
  };
  document.addEventListener("htmx:afterSettle", (e) => {
    const d = e.detail || {};
    const from = d.requestConfig && d.requestConfig.elt;
    // the list is swapped whole (outerHTML): the event names the input that asked or the list it replaced
    if ((from && from.id === "site-q") || (d.target && d.target.id === "site-q-list")) {
      showSuggestions(document.activeElement === suggestBox());
    }
  });
  document.addEventListener("keydown", (e) => {
    const input = suggestBox();
    if (e.target !== input) return;
    const options = suggestOptions();
    const current = options.findIndex((o) => o.getAttribute("aria-selected") === "true");
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (!options.length) return;
      e.preventDefault();
      showSuggestions(true);
      const last = options.length - 1;
      if (e.key === "ArrowDown") pickSuggestion(current < last ? current + 1 : 0);
      else pickSuggestion(current > 0 ? current - 1 : last);
    } else if (e.key === "Enter" && current >= 0 && !suggestList().hidden) {
      const link = options[current].querySelector("a");
      if (link) { e.preventDefault(); window.location.assign(link.href); }
    } else if (e.key === "Escape") {
      showSuggestions(false);
    }
  });
  document.addEventListener("click", (e) => {
    if (!e.target.closest || !e.target.closest(".search-box")) showSuggestions(false);
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
