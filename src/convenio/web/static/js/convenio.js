/* Convenio web UI behaviour. No inline script anywhere: pages declare data- attributes. */
(function () {
  "use strict";

  var PALETTE = ["#1f4e79", "#2e8b57", "#c77c02", "#b3261e", "#6a4c93", "#1a7f8e", "#8a8f98", "#d45087"];

  function chartConfig(spec) {
    var datasets = (spec.datasets || []).map(function (set, index) {
      var colour = set.color || PALETTE[index % PALETTE.length];
      var many = spec.type === "doughnut" || spec.type === "pie" || spec.type === "polarArea";
      return Object.assign({
        backgroundColor: many ? spec.labels.map(function (_, i) { return PALETTE[i % PALETTE.length]; }) : colour,
        borderColor: colour,
        borderWidth: spec.type === "line" ? 2 : 1,
        pointRadius: spec.type === "line" ? 0 : undefined,
        tension: 0.15,
        fill: false
      }, set);
    });
    return {
      type: spec.type || "bar",
      data: { labels: spec.labels || [], datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        indexAxis: spec.horizontal ? "y" : "x",
        plugins: { legend: { display: datasets.length > 1 || spec.type === "doughnut" } },
        locale: document.documentElement.lang || "en",
        scales: spec.type === "doughnut" ? {} : spec.horizontal
          ? { x: { beginAtZero: true, ticks: { precision: 0 } } }
          : { y: { beginAtZero: true, ticks: { precision: 0 } } }
      }
    };
  }

  function drawCharts(root) {
    if (typeof window.Chart === "undefined") { return; }
    root.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      if (canvas.dataset.drawn) { return; }
      canvas.dataset.drawn = "1";
      try {
        new window.Chart(canvas, chartConfig(JSON.parse(canvas.dataset.chart)));
      } catch (error) {
        canvas.replaceWith(document.createTextNode(canvas.dataset.fallback || ""));
      }
    });
  }

  function wireConfirm(root) {
    root.querySelectorAll("form[data-confirm]").forEach(function (form) {
      if (form.dataset.wired) { return; }
      form.dataset.wired = "1";
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.dataset.confirm)) { event.preventDefault(); }
      });
    });
  }

  function wireAutoSubmit(root) {
    root.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      if (select.dataset.wired) { return; }
      select.dataset.wired = "1";
      select.addEventListener("change", function () { select.form.requestSubmit(); });
    });
  }

  function enhance(root) {
    drawCharts(root);
    wireConfirm(root);
    wireAutoSubmit(root);
  }

  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:afterSettle", function (event) { enhance(event.target); });
  /* htmx sends the page's CSRF token with every request it makes. */
  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) { event.detail.headers["X-CSRF-Token"] = meta.content; }
  });
})();

/* Upload progress of htmx forms: a <progress data-upload-progress> inside the form. */
(function () {
  "use strict";
  function parts(form) {
    return {
      bar: form.querySelector("[data-upload-progress]"),
      status: form.querySelector("[data-upload-status]")
    };
  }
  document.addEventListener("htmx:xhr:progress", function (event) {
    var form = event.target.closest ? event.target.closest("form") : null;
    if (!form) { return; }
    var p = parts(form);
    if (!p.bar || !event.detail.lengthComputable) { return; }
    var percent = Math.round((event.detail.loaded / event.detail.total) * 100);
    p.bar.value = percent;
    p.bar.textContent = percent + "%";
    if (p.status) { p.status.textContent = percent < 100 ? p.status.dataset.sending : p.status.dataset.working; }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.target.closest ? event.target.closest("form") : null;
    if (!form) { return; }
    var p = parts(form);
    if (p.bar) { p.bar.value = 100; }
    if (p.status) { p.status.textContent = ""; }
  });
})();
