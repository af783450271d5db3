// The diagnose page: the form goes to the server, which runs the same diagnosis as `skew diagnose`
// and answers with its report; the page only shows it.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);

  // Time zones as offsets from UTC; this computer's is chosen at first.
  const zone = $("zone");
  const here = -new Date().getTimezoneOffset();
  for (let minutes = -12 * 60; minutes <= 14 * 60; minutes += 15) {
    if (minutes % 60 !== 0 && ![-570, -210, 210, 270, 330, 345, 390, 525, 570, 630, 765].includes(minutes) && minutes !== here) continue;
    const sign = minutes < 0 ? "-" : "+";
    const abs = Math.abs(minutes);
    const text = `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
    zone.append(skew.el("option", {value: minutes, selected: minutes === here}, minutes === here ? `${text} (this computer)` : text));
  }

  function request() {
    const number = (id) => ($(id).value.trim() === "" ? null : Number($(id).value));
    const codes = [1, 2, 3].map((n) => ({code: $(`code-${n}`).value.trim(), at: $(`at-${n}`).value.trim() || null}))
      .filter((seen) => seen.code !== "");
    return {
      seed: {seed: $("seed").value, encoding: $("encoding").value, algorithm: $("algorithm").value || null,
             digits: number("digits"), period: number("period")},
      codes,
      range_seconds: Number($("range").value),
      zone_offset_minutes: Number(zone.value),
    };
  }

  $("run").addEventListener("click", async () => {
    $("status").textContent = "searching…";
    try {
      const report = await skew.post("/api/diagnose/run", request());
      skew.showError($("error"), null);
      render(report);
    } catch (error) {
      $("result").hidden = true;
      skew.showError($("error"), error);
    }
    $("status").textContent = "";
  });

  function percent(p) { return p >= 0.001 ? `${(100 * p).toFixed(1)} %` : p.toExponential(1); }

  function render(report) {
    $("result").hidden = false;
    const best = report.explanations[0];
    $("verdict").textContent = !report.found ? `Nothing explains the code${report.codes.length > 1 ? "s" : ""}`
      : report.no_problem ? "No problem found" : `Most likely: ${best.causes.join(", ")}`;
    const e = report.expected;
    $("expected").textContent = `${e.algorithm}, ${e.digits} digits, ${e.period_seconds} s step, T0 ${e.t0.unix} · seed fingerprint ${e.secret_fingerprint}`;
    skew.fill($("seen"), report.codes.map((seen, index) => skew.el("div", {},
      skew.el("span", {class: "code"}, seen.code), ` at ${skew.local(seen.seen_at.unix)} local, ${seen.seen_at.utc} UTC`,
      index > 0 && report.consecutive ? " (read after the one before)" : null)));
    $("nothing").textContent = `probability ${percent(report.nothing_probability)} that no hypothesis explains the codes`;
    skew.fill($("explanations"), report.explanations.map((item) => skew.el("div", {class: item.rank === 1 && report.found ? "explanation best" : "explanation"},
      skew.el("div", {}, skew.el("strong", {}, `${item.rank}. ${item.summary}`)),
      skew.el("div", {class: "hint"}, `probability ${percent(item.probability)} · chance of a false match ${percent(item.false_match_probability)} · causes: ${item.causes.join(", ")}`,
        item.clock_offset_seconds ? ` · clock off by ${item.clock_offset_seconds.min} … ${item.clock_offset_seconds.max} s` : ""),
      skew.el("div", {class: "fix"}, "Fix: ", item.fix))));
    if (report.explanations.length === 0) skew.fill($("explanations"), skew.el("p", {}, "No hypothesis matched the codes."));
    $("advice").textContent = report.advice ?? "No further observation is needed.";
    $("searched").textContent = `Searched ${report.secret_variants_searched} seed variant(s), ${report.hmacs_computed} HMACs, ${report.hypotheses_searched} hypotheses in ${report.elapsed_seconds.toFixed(3)} s.`;
  }
})();
