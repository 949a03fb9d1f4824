// Berdaya: progressive enhancements only; every page works without this file.
(function () {
  "use strict";
  // Filter forms: submit when a select changes (the button stays for no-JS users).
  document.querySelectorAll("form[data-autosubmit] select").forEach(function (el) {
    el.addEventListener("change", function () {
      if (el.name === "kecamatan") {
        var kel = el.form.querySelector("select[name=kelurahan]");
        if (kel) { kel.value = ""; }
      }
      el.form.submit();
    });
  });
  // Business address: only needed when the business is not at home.
  var atHome = document.getElementById("business_at_home");
  var addr = document.getElementById("business_address");
  if (atHome && addr) {
    var sync = function () { addr.closest(".mb-3").classList.toggle("d-none", atHome.checked); };
    atHome.addEventListener("change", sync);
    sync();
  }
  // Confirmation for buttons that say so.
  document.querySelectorAll("[data-confirm]").forEach(function (el) {
    el.addEventListener("click", function (ev) {
      if (!window.confirm(el.getAttribute("data-confirm"))) { ev.preventDefault(); }
    });
  });
})();
