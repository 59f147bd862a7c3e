// The record-an-event form: show only the fields the chosen kind uses (each field lists its kinds).
(() => {
  const kind = document.getElementById("id_kind");
  if (!kind) return;
  const sync = () => {
    document.querySelectorAll("[data-kinds]").forEach((input) => {
      const row = input.closest(".form-row");
      if (row) row.hidden = !input.dataset.kinds.split(" ").includes(kind.value);
    });
  };
  kind.addEventListener("change", sync);
  sync();
})();
