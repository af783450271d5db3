// The token page: the socket reports readers, the followed token, each live offset measurement
// and the token's history; the sync is previewed (the dry run) and written only on confirmation.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const errorBox = $("error");
  const syncErrorBox = $("sync-error");   // kept apart: live messages clear the page's error box
  let followed = null;          // the reader the person chose; null follows the first with a card
  let points = [];              // live measurements of the current token: {time, offset, uncertainty}
  let preview = null;           // the sync preview waiting for confirmation

  const live = skew.socket("/ws/token", (message) => {
    skew.showError(errorBox, null);
    ({readers: showReaders, token: showToken, offset: addOffset, history: showHistory, gone: tokenGone, problem: showProblem})[message.kind]?.(message);
  }, (error) => skew.showError(errorBox, error));
  live.send({reader: followed});

  function showReaders(message) {
    $("no-readers").hidden = message.readers.length > 0;
    skew.fill($("readers-table").tBodies[0], message.readers.map((reader) => {
      const button = skew.el("button", {type: "button", class: "secondary"}, reader.name === followed ? "following" : "follow");
      button.addEventListener("click", () => { followed = reader.name; live.send({reader: followed}); });
      return skew.el("tr", {"data-reader": reader.name, "data-card": reader.card_present ? "present" : "absent"},
        skew.el("td", {}, reader.name),
        skew.el("td", {}, reader.card_present ? (reader.card_mute ? "card (does not answer)" : "card") : "empty"),
        skew.el("td", {}, button));
    }));
  }

  function showToken(message) {
    const info = message.info;
    points = [];
    drawPlot();
    $("token").hidden = false;
    $("token").dataset.reader = message.reader;
    $("token-reader").textContent = message.reader;
    $("token-family").textContent = info.family;
    $("token-serial").textContent = info.serial ?? "(none reported)";
    $("token-model").textContent = info.model ?? "(not known)";
    $("token-info-offset").textContent = info.offset_seconds === undefined ? "(not reported)"
      : `${seconds(info.offset_seconds)} s ± ${info.uncertainty_seconds.toFixed(3)} s`;
    $("offset-now").textContent = "measuring…";
    $("offset-detail").textContent = "";
    $("audit-table").hidden = true;
    clearSync();
  }

  function addOffset(message) {
    const offset = message.offset;
    points.push({time: offset.time.unix, offset: offset.offset_seconds, uncertainty: offset.uncertainty_seconds});
    if (points.length > 120) points.shift();
    const now = $("offset-now");
    now.textContent = `${milliseconds(offset.offset_seconds)} ms ± ${(offset.uncertainty_seconds * 1000).toFixed(1)} ms`;
    now.dataset.offsetSeconds = offset.offset_seconds;
    now.dataset.uncertaintySeconds = offset.uncertainty_seconds;
    now.dataset.count = points.length;
    $("offset-detail").textContent = `${offset.offset_seconds >= 0 ? "ahead of" : "behind"} the host clock · ${offset.method} · at ${skew.utc(Math.floor(offset.time.unix))}`;
    drawPlot();
  }

  function showHistory(message) {
    const history = message.history;
    const drift = history.drift;
    let summary = `${history.events.length} event(s) for ${history.token} in ${history.path}. `;
    if (drift) {
      const forecast = drift.forecast;
      summary += `Drift since the last sync: ${drift.fit.ppm.toFixed(2)} ± ${drift.fit.ppm_uncertainty.toFixed(2)} ppm (${drift.fit.seconds_per_month.toFixed(3)} s a month); offset now ${seconds(drift.fit.offset_now_seconds)} s.`;
      if (forecast) summary += ` Against a ±${forecast.window_seconds} s window: ${forecast.status}${forecast.leaves ? `, leaves it ${forecast.leaves.utc}` : ""}${forecast.recommended_resync ? `, sync by ${forecast.recommended_resync.utc}` : ""}.`;
    } else {
      summary += `No forecast: ${history.drift_unavailable}`;
    }
    $("history-summary").textContent = summary;
    skew.fill($("history-table").tBodies[0], history.events.map((event) => skew.el("tr", {class: event.excluded ? "excluded" : null},
      skew.el("td", {}, event.time.utc), skew.el("td", {}, event.kind), skew.el("td", {}, seconds(event.offset_seconds)),
      skew.el("td", {}, seconds(event.uncertainty_seconds)), skew.el("td", {}, event.method))));
  }

  function tokenGone(message) {
    if ($("token").dataset.reader !== message.reader) return;
    $("token").hidden = true;
    clearSync();
  }

  function showProblem(message) {
    skew.showError(errorBox, new Error(`${message.reader}: ${message.problem}`));
  }

  // The plot: offsets in milliseconds against the time of each measurement, with ± bars.
  function drawPlot() {
    const svg = $("offset-plot");
    const [width, height, left, right, top, bottom] = [720, 240, 96, 10, 10, 30];
    const children = [skew.svg(svg, "rect", {x: left, y: top, width: width - left - right, height: height - top - bottom, class: "plot-frame"})];
    if (points.length > 0) {
      const lows = points.map((p) => (p.offset - p.uncertainty) * 1000), highs = points.map((p) => (p.offset + p.uncertainty) * 1000);
      let low = Math.min(...lows), high = Math.max(...highs);
      if (high - low < 1) { low -= 0.5; high += 0.5; }
      const first = points[0].time, last = Math.max(points[points.length - 1].time, first + 1);
      const x = (time) => left + (time - first) / (last - first) * (width - left - right);
      const y = (ms) => top + (high - ms) / (high - low) * (height - top - bottom);
      for (const value of [low, (low + high) / 2, high]) {
        children.push(skew.svg(svg, "text", {x: left - 6, y: y(value) + 4, class: "plot-label", "text-anchor": "end"}, `${value.toFixed(1)} ms`));
      }
      children.push(skew.svg(svg, "text", {x: width - right, y: height - 8, class: "plot-label", "text-anchor": "end"}, `${(last - first).toFixed(0)} s`));
      points.forEach((p, index) => {
        children.push(skew.svg(svg, "line", {x1: x(p.time), x2: x(p.time), y1: y(highs[index]), y2: y(lows[index]), class: "plot-bar"}));
        children.push(skew.svg(svg, "circle", {cx: x(p.time), cy: y(p.offset * 1000), r: 3, class: "plot-point"}));
      });
    }
    svg.replaceChildren(...children);
  }

  // A write (sync, or burn with a seed): preview (nothing written), then confirm with the key typed
  // for this write and, for a burn, the same seed again (the server keeps none between the two).
  async function previewWrite(burn) {
    clearSync();
    const profile = $("sync-profile").value.trim().toLowerCase();
    const request = {reader: $("token").dataset.reader,
      profile: profile === "" || profile === "all" ? null : Number(profile), all_profiles: profile === "all"};
    if (burn) Object.assign(request, {seed: burnSeed(), title: $("burn-title").value || null});
    try {
      preview = await skew.post("/api/token/sync/preview", request);
      preview.burn = burn;
      $("sync-plan").hidden = false;
      $("sync-summary").textContent = `${burn ? "Burn" : "Sync"} · ${preview.family} ${preview.serial ?? ""}: ${preview.summary ?? "a clock write"}`;
      skew.fill($("sync-warnings"), preview.warnings.map((warning) => skew.el("li", {class: "error"}, warning)));
      $("sync-dry-run").textContent = preview.dry_run.join("\n");
      $("sync-key-label").hidden = !preview.needs_key;
    } catch (error) {
      skew.showError(syncErrorBox, error);
    }
  }
  const burnSeed = () => ({seed: $("burn-seed").value, encoding: $("burn-encoding").value});
  $("sync-preview").addEventListener("click", () => previewWrite(false));
  $("burn-preview").addEventListener("click", () => previewWrite(true));
  $("sync-cancel").addEventListener("click", clearSync);
  $("sync-confirm").addEventListener("click", async () => {
    if (!preview) return;
    const body = {preview_id: preview.preview_id};
    if (preview.needs_key) body.key = $("sync-key").value;
    if (preview.burn) body.seed = burnSeed();
    $("sync-key").value = "";
    preview = null;
    $("sync-plan").hidden = true;
    try {
      const report = await skew.post("/api/token/sync/confirm", body);
      $("sync-result").replaceChildren(skew.el("p", {class: report.verified ? "ok" : "error", id: "sync-outcome"},
        `${report.verified ? "Written and verified" : "Written but NOT verified"}` +
        (report.readback_offset_seconds === undefined ? "" : `: offset read back ${seconds(report.readback_offset_seconds)} s ± ${report.readback_uncertainty_seconds.toFixed(3)} s`) +
        (report.history_id ? ` (history #${report.history_id})` : "")));
    } catch (error) {
      skew.showError(syncErrorBox, error);
    }
  });

  $("audit-run").addEventListener("click", async () => {
    skew.showError($("audit-error"), null);
    $("audit-table").hidden = true;
    try {
      const report = await skew.post("/api/token/audit", {reader: $("token").dataset.reader});
      skew.fill($("audit-table").tBodies[0], report.findings.map((finding) => skew.el("tr", {"data-id": finding.id, "data-status": finding.status},
        skew.el("td", {}, finding.title), skew.el("td", {}, finding.severity), skew.el("td", {}, finding.status),
        skew.el("td", {}, finding.evidence), skew.el("td", {}, finding.fix))));
      $("audit-table").hidden = false;
    } catch (error) {
      skew.showError($("audit-error"), error);
    }
  });

  function clearSync() {
    preview = null;
    skew.showError(syncErrorBox, null);
    $("sync-plan").hidden = true;
    $("sync-key").value = "";
    $("sync-result").replaceChildren();
  }

  const seconds = (value) => (value >= 0 ? "+" : "") + value.toFixed(3);
  const milliseconds = (value) => (value >= 0 ? "+" : "") + (value * 1000).toFixed(1);
})();
