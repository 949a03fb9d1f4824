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
  // Mentoring forms. Buttons that fill a field ("Today", "60 min"): shown only with JS.
  document.querySelectorAll(".fill-buttons[hidden]").forEach(function (el) { el.hidden = false; });
  document.querySelectorAll("[data-fill]").forEach(function (btn) {
    btn.addEventListener("click", function () {
      var target = document.getElementById(btn.getAttribute("data-fill"));
      if (!target) { return; }
      target.value = btn.getAttribute("data-value");
      target.dispatchEvent(new Event("change", { bubbles: true }));
    });
  });
  // "Absent" switches only for the trainees ticked as taking part.
  document.querySelectorAll("[data-absent-for]").forEach(function (box) {
    var who = document.getElementById(box.getAttribute("data-absent-for"));
    if (!who) { return; }
    var sync = function () {
      box.classList.toggle("invisible", !who.checked);
      if (!who.checked) { box.querySelector("input").checked = false; }
    };
    who.addEventListener("change", sync);
    sync();
  });
  // A field shown only while a checkbox is ticked (the "other" topic).
  document.querySelectorAll("[data-show-if]").forEach(function (el) {
    var box = document.getElementById(el.getAttribute("data-show-if"));
    if (!box) { return; }
    var sync = function () { el.classList.toggle("d-none", !box.checked && !el.querySelector(".is-invalid")); };
    box.addEventListener("change", sync);
    sync();
  });
  // Filter a long list of participants by name.
  document.querySelectorAll("[data-filter-list]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("data-filter-list"));
    if (!list) { return; }
    input.hidden = false;
    input.addEventListener("input", function () {
      var q = input.value.trim().toLowerCase();
      list.querySelectorAll("[data-name]").forEach(function (row) {
        var box = row.querySelector("input[type=checkbox]");
        var keep = !q || row.getAttribute("data-name").indexOf(q) !== -1 || (box && box.checked);
        row.classList.toggle("is-filtered-out", !keep);
      });
    });
  });
  // Check-in: show the profit (revenue - costs) while typing. Whole rupiah, "1.500.000".
  var preview = document.querySelector("[data-profit-of]");
  if (preview) {
    var names = preview.getAttribute("data-profit-of").split(" ");
    var revenue = document.getElementById(names[0]);
    var costs = document.getElementById(names[1]);
    var out = preview.querySelector("[data-profit-value]");
    var parse = function (text) {
      var digits = (text || "").replace(/^\s*rp\.?\s*/i, "").replace(/\./g, "").replace(/\s/g, "");
      return /^\d+$/.test(digits) ? parseInt(digits, 10) : null;
    };
    var show = function () {
      var r = parse(revenue.value), c = parse(costs.value);
      preview.hidden = r === null || c === null;
      if (preview.hidden) { return; }
      var p = r - c;
      out.textContent = (p < 0 ? "\u2212" : "") + "Rp " + String(Math.abs(p)).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
      out.classList.toggle("text-danger", p < 0);
    };
    if (revenue && costs && out) {
      revenue.addEventListener("input", show);
      costs.addEventListener("input", show);
      show();
    }
  }
  // Training attendance: "12 of 20 present" follows the taps.
  document.querySelectorAll("[data-count-checked]").forEach(function (counter) {
    var name = counter.getAttribute("data-count-checked");
    var out = counter.querySelector("[data-count]");
    var boxes = counter.closest("form").querySelectorAll("input[type=checkbox][name='" + name + "']");
    var sync = function () {
      out.textContent = Array.prototype.filter.call(boxes, function (b) { return b.checked; }).length;
    };
    boxes.forEach(function (b) { b.addEventListener("change", sync); });
    sync();
  });
  // Confirmation for buttons that say so.
  document.querySelectorAll("[data-confirm]").forEach(function (el) {
    el.addEventListener("click", function (ev) {
      if (!window.confirm(el.getAttribute("data-confirm"))) { ev.preventDefault(); }
    });
  });
})();
