// The window page: sends the seed and settings over the socket; the server answers at once and at
// every step boundary with the same report `skew window -f json` prints, plus the seed data panel.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const errorBox = $("error");
  let latest = null;        // the last snapshot, and when it arrived (performance.now())
  let receivedAt = 0;

  // The form as the server reads it (SeedInput); empty settings mean "the URI's or the default".
  function seedInput() {
    const number = (id) => ($(id).value.trim() === "" ? null : Number($(id).value));
    return {
      seed: $("seed").value,
      encoding: $("encoding").value,
      algorithm: $("algorithm").value || null,
      digits: number("digits"),
      period: number("period"),
      t0: number("t0"),
    };
  }

  const live = skew.socket("/ws/window", (snapshot, at) => {
    latest = snapshot;
    receivedAt = at;
    skew.showError(errorBox, null);
    render(snapshot);
  }, (error) => {
    latest = null;
    $("live").hidden = true;
    $("seed-data").hidden = true;
    skew.showError(errorBox, error);
  });

  const update = skew.debounce(() => {
    if ($("seed").value.trim() === "") return;
    live.send({seed: seedInput(), steps: Number($("steps").value || 3)});
  });
  for (const id of ["seed", "encoding", "algorithm", "digits", "period", "t0", "steps"]) {
    $(id).addEventListener("input", update);
    $(id).addEventListener("change", update);
  }

  function render(snapshot) {
    const report = snapshot.window;
    const current = report.steps.find((step) => step.current);
    $("live").hidden = false;
    $("current-code").textContent = current.code ?? "(before T0)";
    $("current-counter").textContent = report.current_counter;
    const p = report.parameters;
    $("reference-local").textContent = skew.local(report.reference_time.unix);
    $("reference-utc").textContent = report.reference_time.utc;
    $("parameters").textContent = `${p.algorithm}, ${p.digits} digits, ${p.period_seconds} s step, T0 ${p.t0.unix} · fingerprint ${p.secret_fingerprint}`;
    skew.fill($("window-table").tBodies[0], report.steps.map((step) => skew.el("tr", {class: step.current ? "current" : null, "data-counter": step.counter},
      skew.el("td", {}, skew.signed(step.offset_steps)),
      skew.el("td", {}, `${skew.signed(step.offset_seconds)} s`),
      skew.el("td", {class: "mono"}, step.counter),
      skew.el("td", {}, skew.local(step.start.unix)),
      skew.el("td", {}, skew.utc(step.start.unix)),
      skew.el("td", {class: "code"}, step.code ?? "(before T0)"),
      skew.el("td", {}, step.direction))));
    renderSeed(snapshot.seed);
    tick();
  }

  function renderSeed(seed) {
    $("seed-data").hidden = !seed;
    if (!seed) return;
    $("fingerprint").textContent = `${seed.secret_fingerprint} (${seed.secret_bytes} bytes, ${seed.secret_bytes * 8} bits)`;
    $("seed-base32").textContent = seed.secret.base32;
    $("seed-hex").textContent = seed.secret.hex;
    $("seed-bits").textContent = seed.secret.bits;
    $("counter").textContent = `${seed.counter} = 0x${seed.counter_hex}`;
    skew.fill($("hmac-table").tBodies[0], seed.hashes.map((hash) => {
      const start = hash.truncation_offset * 2;
      const hmac = skew.el("td", {class: "mono hmac"}, hash.hmac.slice(0, start),
        skew.el("mark", {}, hash.hmac.slice(start, start + 8)), hash.hmac.slice(start + 8));
      return skew.el("tr", {}, skew.el("td", {}, hash.algorithm), hmac, skew.el("td", {}, hash.truncation_offset),
        skew.el("td", {class: "mono"}, hash.truncated), skew.el("td", {class: "code"}, hash.code));
    }));
  }

  // The countdown runs on the server's time: the snapshot's reference time plus what has passed since.
  function tick() {
    if (!latest) return;
    const report = latest.window;
    const current = report.steps.find((step) => step.current);
    const now = report.reference_time.unix + (performance.now() - receivedAt) / 1000;
    const left = Math.max(0, current.end.unix - now);
    const period = report.parameters.period_seconds;
    $("remaining").textContent = left.toFixed(1);
    $("bar").style.width = `${(100 * left) / period}%`;
  }
  setInterval(tick, 100);

  $("random").addEventListener("click", async () => {
    try {
      const seed = await skew.post("/api/window/random-seed", {algorithm: $("algorithm").value || null});
      $("seed").value = $("encoding").value === "hex" ? seed.hex : seed.base32;
      update();
    } catch (error) { skew.showError(errorBox, error); }
  });

  $("qr-file").addEventListener("change", async () => {
    const file = $("qr-file").files[0];
    if (!file) return;
    try {
      const answer = await skew.post("/api/window/qr-upload", await file.arrayBuffer(), "application/octet-stream");
      $("seed").value = answer.seed;
      update();
    } catch (error) { skew.showError(errorBox, error); }
    $("qr-file").value = "";
  });

  $("make-qr").addEventListener("click", async () => {
    try {
      const answer = await skew.post("/api/window/qr", {seed: seedInput(), issuer: $("issuer").value, account: $("account").value});
      skew.showError($("qr-error"), null);
      skew.fill($("qr-output"), skew.el("img", {class: "qr", id: "qr-image", src: answer.png_data_url, alt: "QR code of the otpauth URI"}),
        skew.el("p", {class: "hint"}, "The QR code holds the secret: show it only where nobody else can see the screen."),
        skew.el("pre", {id: "qr-uri"}, answer.uri));
    } catch (error) { skew.fill($("qr-output")); skew.showError($("qr-error"), error); }
  });

  $("make-entra").addEventListener("click", async () => {
    try {
      const answer = await skew.post("/api/window/entra", {seed: seedInput(), serial: $("serial").value, upn: $("upn").value,
        manufacturer: $("manufacturer").value, model: $("model").value});
      skew.showError($("entra-error"), null);
      skew.fill($("entra-output"),
        skew.el("h3", {}, "CSV for the Entra upload"), answer.csv ? skew.el("pre", {id: "entra-csv"}, answer.csv) : skew.el("p", {class: "error"}, answer.csv_problem),
        skew.el("h3", {}, "Graph JSON (hardwareOathDevices)"), answer.graph_json ? skew.el("pre", {id: "entra-json"}, answer.graph_json) : skew.el("p", {class: "error"}, answer.graph_problem));
    } catch (error) { skew.fill($("entra-output")); skew.showError($("entra-error"), error); }
  });
})();
