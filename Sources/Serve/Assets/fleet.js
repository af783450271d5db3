// The fleet page: asks the server for `skew fleet`'s report and its drawings, and lays them out.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const errorBox = $("error");

  async function refresh() {
    skew.showError(errorBox, null);
    try {
      const answer = await skew.post("/api/fleet/list", {verifier: $("verifier").value, period_seconds: Number($("period").value),
                                                          soon_days: Number($("soon").value)});
      show(answer);
    } catch (error) {
      $("fleet").hidden = true;
      skew.showError(errorBox, error);
    }
  }

  function show(answer) {
    const report = answer.report;
    const chosen = $("verifier").value;
    skew.fill($("verifier"), answer.built_in_verifiers.map((id) => skew.el("option", {value: id, selected: id === chosen}, id)));
    $("fleet").hidden = false;
    $("fleet-summary").textContent = `${report.tokens.length} token(s) in ${report.database} · ` +
      Object.entries(report.counts).map(([status, count]) => `${count} ${status}`).join(", ");
    skew.fill($("fleet-table").tBodies[0], report.tokens.map((row) => skew.el("tr", {"data-token": row.token, "data-status": row.status, class: row.status === "failing" ? "current" : null},
      skew.el("td", {class: "mono"}, row.token), skew.el("td", {}, row.family), skew.el("td", {}, row.status),
      skew.el("td", {}, row.measurements), skew.el("td", {}, row.ppm === undefined || row.ppm === null ? "" : row.ppm.toFixed(2)),
      skew.el("td", {}, row.offset_now_seconds === undefined || row.offset_now_seconds === null ? "" : row.offset_now_seconds.toFixed(3)),
      skew.el("td", {}, row.act_by ? row.act_by.utc : ""), skew.el("td", {}, row.problem ?? ""))));
    $("fleet-histogram").hidden = !answer.histogram;
    if (answer.histogram) $("fleet-histogram").src = answer.histogram;
    skew.fill($("fleet-plots"), answer.plots.map((plot) => skew.el("figure", {"data-token": plot.token},
      skew.el("img", {src: plot.image, alt: `drift of ${plot.token}`}), skew.el("figcaption", {}, `${plot.token}: ${plot.status}`))));
  }

  $("refresh").addEventListener("click", refresh);
  refresh();
})();
