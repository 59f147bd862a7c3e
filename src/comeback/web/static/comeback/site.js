// Progressive enhancement only: every form works without this file.
document.addEventListener("change", (e) => {
  const el = e.target;
  if (el.matches && el.matches("[data-autosubmit]")) el.form.requestSubmit();
});
