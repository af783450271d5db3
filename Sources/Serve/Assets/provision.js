// The provisioning page: starts the batch over a socket and follows it token by token. The server
// runs `skew provision`'s batch; the page only shows what to do next and what happened.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const errorBox = $("error");
  let live = null;
  let started = null;           // the request that started the batch on view

  async function loadReaders() {
    try {
      const answer = await skew.post("/api/provision/readers", {});
      skew.fill($("reader"), answer.readers.map((name) => skew.el("option", {value: name}, name)));
    } catch (error) {
      skew.showError(errorBox, error);
    }
  }

  function request() {
    const count = $("count").value.trim();
    return {
      reader: $("reader").value, journal: $("journal").value.trim(), resume: $("resume").checked,
      count: count === "" ? null : Number(count), algorithm: $("algorithm").value, period_seconds: Number($("period").value),
      display_timeout_seconds: Number($("display-timeout").value),
      exports: $("exports").value.split("\n").map((line) => line.trim()).filter((line) => line !== ""),
      assign_file: $("assign").value.trim(), seed_file: $("seeds").value.trim(),
      dry_run: $("dry-run").checked, measure: $("measure").checked,
    };
  }

  function start() {
    skew.showError(errorBox, null);
    skew.fill($("tokens-table").tBodies[0], []);
    $("dry-run-lines").hidden = true;
    $("dry-run-lines").textContent = "";
    $("summary").textContent = "";
    $("run").hidden = false;
    $("run").dataset.state = "starting";
    $("prompt").textContent = "Starting…";
    started = request();
    live?.close();
    live = skew.socket("/ws/provision", show, (error) => { skew.showError(errorBox, error); finish("failed"); });
    live.send(started);
    $("start").disabled = true;
    $("stop").hidden = false;
  }

  function show(message) {
    $("tally").textContent = `${message.done} done, ${message.failed} failed, ${message.remaining} remaining`;
    $("tally").dataset.done = message.done;
    $("tally").dataset.failed = message.failed;
    $("tally").dataset.remaining = message.remaining;
    ({started: showStarted, place: showPlace, token: addToken, remove: showRemove, stopped: showStopped, done: showDone})[message.kind]?.(message);
  }

  function showStarted(message) {
    // The journal exists now: should the socket drop and reopen, it resends this, and the batch
    // continues from its journal instead of starting anew.
    if (!started.dry_run) live.remember({...started, resume: true});
    skew.fill($("warnings"), (message.warnings ?? []).map((text) => skew.el("li", {}, text)));
  }

  function showPlace(message) {
    $("run").dataset.state = "place";
    $("prompt").textContent = `Place the next token on ${message.reader}.`;
  }

  function showRemove(message) {
    $("run").dataset.state = "remove";
    $("prompt").textContent = `Take token ${message.line} off the reader.`;
  }

  function addToken(message) {
    const outcome = message.outcome;
    $("tokens-table").tBodies[0].append(skew.el("tr", {"data-serial": outcome.serial, "data-result": outcome.result, class: outcome.verified ? null : "current"},
      skew.el("td", {class: "mono"}, outcome.serial), skew.el("td", {}, outcome.model ?? ""), skew.el("td", {}, outcome.account ?? ""),
      skew.el("td", {}, outcome.result),
      skew.el("td", {}, outcome.offset_after_seconds === undefined ? "" : outcome.offset_after_seconds.toFixed(3)),
      skew.el("td", {class: "mono"}, outcome.secret_fingerprint ?? ""), skew.el("td", {}, outcome.note ?? "")));
    if (message.dry_run_lines?.length) {
      $("dry-run-lines").hidden = false;
      $("dry-run-lines").textContent += `${outcome.serial}\n${message.dry_run_lines.map((line) => `  ${line}`).join("\n")}\n`;
    }
  }

  function showStopped(message) {
    skew.showError(errorBox, skew.failure({input: `token on ${message.reader}`, problem: message.problem,
                                           fix: "look at the token before anything more is sent; then resume the batch from its journal"}));
    finish("stopped");
  }

  function showDone(message) {
    const report = message.report;
    $("summary").textContent = report.dry_run ? `Dry run: ${report.tokens.length} token(s) read, nothing written.`
      : `Batch ${report.batch_id}: ${report.done} done, ${report.failed} failed, ${report.remaining} remaining of ${report.count}. Journal ${report.journal}` +
        (report.exports.length ? `; exports ${report.exports.map((e) => e.path).join(", ")}` : "") + ".";
    finish("done");
  }

  function finish(state) {
    $("run").dataset.state = state;
    if (state === "done") $("prompt").textContent = "The batch is finished.";
    live?.close();
    live = null;
    $("start").disabled = false;
    $("stop").hidden = true;
  }

  $("start").addEventListener("click", start);
  $("stop").addEventListener("click", () => {
    $("prompt").textContent = "Stopped. Resume the batch from its journal.";
    finish("stopped");
  });
  loadReaders();
})();
