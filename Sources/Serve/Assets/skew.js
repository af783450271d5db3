// skew serve: helpers every page's script uses. Pages compute nothing secret here: the server
// computes, the page shows. Secrets go in POST bodies and socket messages only, never in an address.
"use strict";

const skew = {
  // Builds an element: skew.el("td", {class: "code"}, "123456"). Text is always text, never HTML.
  el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value !== null && value !== undefined && value !== false) node.setAttribute(name, value === true ? "" : value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  },

  // Builds an element of the pages' SVG plots, in the namespace of the plot it is for (the page's
  // <svg>): skew.svg(plot, "circle", {cx: 3, cy: 4, r: 2}). Text is text.
  svg(plot, tag, attributes, text) {
    const node = document.createElementNS(plot.namespaceURI, tag);
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
    if (text !== undefined) node.textContent = text;
    return node;
  },

  // Replaces a container's children.
  fill(container, ...children) {
    container.replaceChildren(...children.flat().filter((child) => child !== null && child !== undefined));
  },

  // POSTs JSON (or bytes) to one of the page's endpoints; resolves to the answer, or rejects with
  // an Error whose .detail is the server's {input, problem, fix}.
  async post(path, body, contentType = "application/json") {
    const response = await fetch(path, {
      method: "POST", credentials: "same-origin", cache: "no-store",
      headers: {"Content-Type": contentType},
      body: contentType === "application/json" ? JSON.stringify(body) : body,
    });
    const answer = await response.json();
    if (!response.ok || answer.error) throw skew.failure(answer.error);
    return answer;
  },

  failure(detail) {
    const error = new Error(detail ? `${detail.input}: ${detail.problem}. ${detail.fix}.` : "the server did not answer");
    error.detail = detail;
    return error;
  },

  // Shows an error (or clears it with null) in a page's error box.
  showError(box, error) {
    box.textContent = error ? error.message : "";
  },

  // A socket to one of the page's live endpoints. send(message) replaces what the server is doing
  // for this page; onMessage gets each JSON message; the socket reopens (and resends) if it drops.
  socket(path, onMessage, onError) {
    let socket = null, last = null, closed = false;
    const open = () => {
      socket = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}${path}`);
      socket.onopen = () => { if (last !== null) socket.send(last); };
      socket.onmessage = (event) => {
        const message = JSON.parse(event.data);
        if (message.error) onError(skew.failure(message.error)); else onMessage(message, performance.now());
      };
      socket.onclose = () => { if (!closed) setTimeout(open, 1000); };
    };
    open();
    return {
      send(message) {
        last = JSON.stringify(message);
        if (socket.readyState === WebSocket.OPEN) socket.send(last);
      },
      // What to resend should the socket reopen, without sending it now (a started run that
      // must be continued, not started again).
      remember(message) { last = JSON.stringify(message); },
      close() { closed = true; socket.close(); },
    };
  },

  // Runs fn when the inputs stop changing for a moment.
  debounce(fn, ms = 250) {
    let timer = null;
    return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
  },

  // A Unix time as this computer's local time and as UTC, to the second.
  local(unix) {
    const date = new Date(unix * 1000);
    const pad = (n) => String(n).padStart(2, "0");
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  },
  utc(unix) { return new Date(unix * 1000).toISOString().replace(".000Z", "Z").replace("T", " "); },

  signed(value) { return value > 0 ? `+${value}` : String(value); },
};

// The header clock: this computer's time, local and UTC.
(() => {
  const clock = document.getElementById("clock");
  if (!clock) return;
  const tick = () => {
    const now = Date.now() / 1000;
    clock.textContent = `${skew.local(now)} local · ${skew.utc(Math.floor(now))}`;
  };
  tick();
  setInterval(tick, 1000);
})();
