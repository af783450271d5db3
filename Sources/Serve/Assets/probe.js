// The probe page: the form goes over the socket once; the server answers with each attempt and
// wait as it happens, then the report `skew probe -f json` prints.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const errorBox = $("error");
  let started = 0, period = 30, attempts = [], waits = [];

  const live = skew.socket("/ws/probe", (message) => {
    skew.showError(errorBox, null);
    ({start, attempt, event: addEvent, result: showResult})[message.kind]?.(message);
  }, (error) => skew.showError(errorBox, error));

  const number = (id) => ($(id).value.trim() === "" ? null : Number($(id).value));
  $("run").addEventListener("click", () => {
    live.send({
      seed: {seed: $("seed").value, encoding: $("encoding").value, algorithm: $("algorithm").value || null,
             digits: number("digits"), period: number("period")},
      url: $("url").value.trim(), method: $("method").value || null, body: $("body").value,
      headers: $("headers").value.split("\n"), accept: $("accept").value.trim(), rate_limited: $("rate-limited").value.trim(),
      range: number("range"), max_attempts: number("max-attempts"), max_failures: number("max-failures"), guard_seconds: number("guard"),
    });
  });

  function start(message) {
    started = message.started_at;
    period = message.period_seconds;
    attempts = [];
    waits = [];
    $("progress").hidden = false;
    $("result").hidden = true;
    $("probe-status").textContent = `probing ${message.verifier} · ${period} s steps`;
    skew.fill($("attempts-table").tBodies[0]);
    skew.fill($("events"));
    draw();
  }

  function attempt(message) {
    const a = message.attempt;
    attempts.push(a);
    $("attempts-table").tBodies[0].append(skew.el("tr", {"data-outcome": a.outcome, "data-offset": a.offset},
      skew.el("td", {}, a.number), skew.el("td", {}, a.purpose), skew.el("td", {}, skew.signed(a.offset)),
      skew.el("td", {}, skew.utc(Math.floor(a.sent_at))), skew.el("td", {}, a.seconds_into_step.toFixed(1)),
      skew.el("td", {}, a.outcome), skew.el("td", {}, a.detail)));
    $("probe-status").textContent = `${attempts.length} attempt(s) so far`;
    draw();
  }

  function addEvent(message) {
    $("events").append(skew.el("li", {"data-event": message.event}, `${skew.utc(Math.floor(message.time))} ${message.event}: ${message.note}`));
    const seconds = Number((message.note.match(/([0-9.]+) ?s\b/) || [])[1]);
    if (["wait", "backoff"].includes(message.event) && seconds > 0) waits.push({from: message.time, to: message.time + seconds});
    draw();
  }

  function showResult(message) {
    const report = message.result;
    $("result").hidden = false;
    $("probe-status").textContent = `done: ${report.attempts_used} attempt(s), ${report.failures_used} rejected`;
    $("probe-window").textContent = report.window;
    $("probe-confidence").textContent = `confidence: ${report.confidence}`;
    $("probe-confidence").dataset.confidence = report.confidence;
    $("probe-report").textContent = JSON.stringify(report, null, 1);
  }

  // Time (s since the start) across, offset (steps) up.
  function draw() {
    const plot = $("probe-plot");
    const [width, height, left, right, top, bottom] = [720, 260, 50, 10, 10, 30];
    const now = Date.now() / 1000;
    const span = Math.max(period, now - started, ...attempts.map((a) => a.sent_at - started), ...waits.map((w) => w.to - started));
    const offsets = attempts.map((a) => a.offset);
    const high = Math.max(1, ...offsets.map(Math.abs));
    const x = (time) => left + (time - started) / span * (width - left - right);
    const y = (offset) => top + (high - offset) / (2 * high) * (height - top - bottom);
    const children = [skew.svg(plot, "rect", {x: left, y: top, width: width - left - right, height: height - top - bottom, class: "plot-frame"})];
    for (const wait of waits) {
      children.push(skew.svg(plot, "rect", {x: x(wait.from), y: top, width: Math.max(1, x(wait.to) - x(wait.from)), height: height - top - bottom, class: "plot-wait"}));
    }
    for (const value of [high, 0, -high]) children.push(skew.svg(plot, "text", {x: left - 6, y: y(value) + 4, class: "plot-label", "text-anchor": "end"}, skew.signed(value)));
    children.push(skew.svg(plot, "text", {x: width - right, y: height - 8, class: "plot-label", "text-anchor": "end"}, `${span.toFixed(0)} s`));
    for (const a of attempts) {
      children.push(skew.svg(plot, "circle", {cx: x(a.sent_at), cy: y(a.offset), r: 4, class: `plot-attempt ${a.outcome}`}));
    }
    plot.replaceChildren(...children);
  }
})();
