// "Use my position": the browser's geolocation fills the hidden lat/lon fields and submits the search.
// Without geolocation (or if refused) the button stays hidden / the city field is the way.
(function () {
  "use strict";
  var button = document.getElementById("near-me");
  var form = document.getElementById("near-form");
  if (!button || !form || !("geolocation" in navigator)) { return; }
  var status = document.getElementById("near-status");
  button.hidden = false;
  button.addEventListener("click", function () {
    status.textContent = button.dataset.locating;
    navigator.geolocation.getCurrentPosition(function (pos) {
      form.elements.lat.value = pos.coords.latitude.toFixed(5);
      form.elements.lon.value = pos.coords.longitude.toFixed(5);
      form.elements.place.value = "";
      form.submit();
    }, function () {
      status.textContent = button.dataset.denied;
    }, { timeout: 10000, maximumAge: 600000 });
  });
  // A typed place wins over an earlier position.
  form.elements.place.addEventListener("input", function () {
    form.elements.lat.value = "";
    form.elements.lon.value = "";
  });
})();
