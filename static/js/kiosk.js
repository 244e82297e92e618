// Behaviour every kiosk screen shares. Loaded as a file: the CSP allows no inline script.
// - Scroll buttons in the bottom bar, so reading a long guide never needs a swipe.
// - Every link and form is boosted (base.html), so a whole page arrives through htmx: this
//   script brings along what the new page's <head> has that this document lacks, its
//   language, the focus and the scroll position, and then fires "kiosk:page" for the page
//   scripts (keyboard.js, the idle timer below) to set themselves up again.
// - A request that does not get through (no connection, a timeout, a server restarting or
//   failing with 5xx) shows "try again" in the alert region; the button repeats that very
//   request. The screen stays as it was, so nothing typed is lost. (HTTP 4xx answers arrive
//   as an alert fragment, see base.html's hx-status.)
// - No context menu on long press: a public screen offers no "save image" or "inspect".
(() => {
  "use strict";
  const root = document.documentElement;
  root.classList.add("js");

  const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-scroll]");
    if (!button) return;
    const step = Math.round(window.innerHeight * 0.7);
    window.scrollBy({
      top: button.dataset.scroll === "up" ? -step : step,
      behavior: reducedMotion ? "auto" : "smooth",
    });
  });

  // Scroll buttons only where there is something to scroll to. Measured on the content,
  // not the page: the room kept free for the bottom bar must not decide whether it shows.
  const measure = () => {
    const main = document.getElementById("main");
    const last = main && main.lastElementChild;
    const bottom = last ? last.getBoundingClientRect().bottom + window.scrollY : 0;
    // The search screen's keyboard covers the bottom of the window for good.
    const keyboard = document.querySelector(".keyboard");
    const visible = window.innerHeight - (keyboard ? keyboard.offsetHeight : 0);
    root.classList.toggle("fits", bottom + 24 <= visible);
  };
  window.addEventListener("load", measure);
  window.addEventListener("resize", measure);
  document.addEventListener("htmx:after:settle", measure);

  document.addEventListener("contextmenu", (event) => event.preventDefault());

  // --- whole pages through htmx ------------------------------------------------------------

  const elementOf = (target) => (typeof target === "string" ? document.querySelector(target) : target);
  const isPage = (ctx) => Boolean(ctx) && elementOf(ctx.target) === document.body && ctx.swap !== "none";
  let incoming = null;

  document.addEventListener("htmx:before:swap", (event) => {
    const ctx = event.detail && event.detail.ctx;
    incoming = null;
    if (!isPage(ctx) || typeof ctx.text !== "string") return;
    // Parsed inert (DOMParser runs no script): only to read what <head> and <html> say.
    const page = new DOMParser().parseFromString(ctx.text, "text/html");
    incoming = {
      lang: page.documentElement.getAttribute("lang"),
      scripts: [...page.head.querySelectorAll("script[src]")].map((s) => s.getAttribute("src")),
      styles: [...page.head.querySelectorAll('link[rel="stylesheet"][href]')].map((l) => l.getAttribute("href")),
    };
  });

  const have = (selector, attribute, value) =>
    [...document.querySelectorAll(selector)].some((element) => element.getAttribute(attribute) === value);

  document.addEventListener("htmx:after:swap", (event) => {
    const ctx = event.detail && event.detail.ctx;
    if (!incoming || !isPage(ctx)) return;
    const page = incoming;
    incoming = null;
    if (page.lang) root.setAttribute("lang", page.lang);
    for (const href of page.styles) {
      if (have('link[rel="stylesheet"]', "href", href)) continue;
      const link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = href;
      document.head.append(link);
    }
    // A page script this document has not run yet runs now, on the new page; the ones it
    // has run listen for "kiosk:page".
    for (const src of page.scripts) {
      if (have("script[src]", "src", src)) continue;
      const script = document.createElement("script");
      script.src = src;
      document.head.append(script);
    }
    // A new page starts at its top, with the focus on it (a screen reader reads it out);
    // a field htmx focused (autofocus) keeps the focus.
    if (!document.activeElement || document.activeElement === document.body) {
      window.scrollTo(0, 0);
      document.getElementById("main")?.focus({ preventScroll: true });
    }
    document.dispatchEvent(new CustomEvent("kiosk:page"));
  });

  // --- requests that did not get through ---------------------------------------------------

  const alerts = () => document.getElementById("kiosk-alerts");
  const isPoll = (ctx) => Boolean(ctx && ctx.sourceEvent && ctx.sourceEvent.type === "every");
  let failed = null; // what to repeat when "try again" is tapped

  document.addEventListener("htmx:before:request", (event) => {
    const ctx = event.detail && event.detail.ctx;
    // A status poll in the background leaves a message alone: it is for the citizen to read.
    if (isPoll(ctx)) return;
    const region = alerts();
    if (region) region.replaceChildren();
  });

  // The connection is back (anything answered): a "connection lost" message is out of date.
  document.addEventListener("htmx:after:request", (event) => {
    const ctx = event.detail && event.detail.ctx;
    const status = ctx && ctx.response ? ctx.response.status : 0;
    if (status > 0 && status < 500) alerts()?.querySelector("[data-network]")?.remove();
  });

  const remember = (ctx) => {
    const request = ctx.request || {};
    const headers = {};
    if (request.headers && request.headers["HX-History-Restore-Request"]) {
      headers["HX-History-Restore-Request"] = "true";
    }
    failed = {
      source: ctx.sourceElement,
      submitter: request.submitter,
      eventType: ctx.sourceEvent && ctx.sourceEvent.type,
      method: request.method || "GET",
      action: request.action,
      target: elementOf(ctx.target),
      swap: ctx.swap,
      select: ctx.select,
      push: ctx.push,
      headers,
    };
  };

  const retryBox = (kind) => {
    const template = document.getElementById("kiosk-retry");
    if (!template) return null;
    const box = template.content.firstElementChild.cloneNode(true);
    const message = box.querySelector("[data-retry-message]");
    if (message) message.textContent = kind === "server" ? message.dataset.serverBusy : message.dataset.networkLost;
    return box;
  };

  document.addEventListener("htmx:error", (event) => {
    const region = alerts();
    const ctx = event.detail && event.detail.ctx;
    // A response with an error status has been swapped into the region already (below).
    if (!region || !ctx || ctx.response) return;
    remember(ctx);
    const box = retryBox("network");
    if (box) region.replaceChildren(box);
  });

  // A server error (5xx) arrived as an alert fragment: add "try again" to it.
  document.addEventListener("htmx:after:swap", (event) => {
    const ctx = event.detail && event.detail.ctx;
    const region = alerts();
    if (!ctx || !ctx.response || ctx.response.status < 500 || !region) return;
    remember(ctx);
    const box = retryBox("server");
    const button = box && box.querySelector("[data-retry]");
    if (!button) return;
    const alert = region.querySelector(".alert") || region;
    alert.classList.add("alert-retry");
    alert.setAttribute("data-network", "");
    alert.append(button);
  });

  const repeat = (request) => {
    const { source } = request;
    if (source && source.isConnected && source !== document.body) {
      if (source instanceof HTMLFormElement) {
        const submitter = request.submitter;
        if (submitter && submitter.isConnected && submitter.form === source) source.requestSubmit(submitter);
        else source.requestSubmit();
        return;
      }
      if (request.eventType === "click" || !request.eventType) {
        source.click();
        return;
      }
      window.htmx.trigger(source, request.eventType);
      return;
    }
    // Sent for the page as a whole (a history restore, a move after a post): the same again.
    const target = request.target && request.target.isConnected ? request.target : document.body;
    window.htmx.ajax(request.method, request.action, {
      target,
      swap: request.swap,
      select: request.select,
      push: request.push,
      headers: request.headers,
    });
  };

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-retry]");
    if (!button || !failed || !window.htmx) return;
    const request = failed;
    failed = null;
    button.disabled = true;
    repeat(request);
  });
})();

// The idle timer (政务自助终端: "idle → countdown → wipe → back to the start").
// The page shows a countdown for the last data-idle-warning seconds of data-idle-seconds
// without a touch, with a big "continue" button; at zero it posts the idle end, whose answer
// wipes the browser (Clear-Site-Data, cookies) and lands on the attract screen. The server ends
// the session by itself too, whatever this script does: this is the friendly half.
// While a citizen is signed in, activity is reported (at most every 5 s) so the server's idle
// time follows the screen's; the countdown runs from the last report, never later than it.
// Pages arrive through htmx (boosted): the timer sets itself up again on "kiosk:page" from the
// new <body>'s attributes (signing in or out changes them) and its countdown overlay.
(() => {
  "use strict";
  const REPORT_EVERY_MS = 5000;

  // A page restored from the back/forward cache is shown again without asking the server:
  // ask it, so a page of a citizen whose session ended shows nothing of them.
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) window.location.reload();
  });

  let timer = null; // the running page's timer state, or null where there is nothing to count
  let ending = false;

  const end = (state) => {
    if (ending) return;
    ending = true;
    // A second line behind Clear-Site-Data: nothing of the citizen stays in storage.
    try {
      window.sessionStorage.clear();
      window.localStorage.clear();
    } catch (error) {
      // Storage may be disabled in the kiosk profile; nothing to clear then.
    }
    // A plain form post, not htmx: the answer must replace the whole document (and wipe it).
    state.endForm.submit();
  };

  const report = (state) => {
    state.reported = Date.now();
    if (!state.signedIn || !state.keepAliveUrl) return;
    fetch(state.keepAliveUrl, { method: "POST", credentials: "same-origin", cache: "no-store" })
      .then((response) => {
        // 401: the server ended the session already (e.g. the total time ran out).
        if (response.status === 401 && timer === state) end(state);
      })
      .catch(() => {
        // Offline for a moment: the countdown still runs, the server still decides.
      });
  };

  const showOverlay = (state, seconds) => {
    if (state.count) state.count.textContent = String(seconds);
    if (state.overlay.hidden) {
      state.overlay.hidden = false;
      const button = state.overlay.querySelector("[data-idle-continue]");
      if (button) button.focus();
    }
  };

  const activity = () => {
    const state = timer;
    if (!state || !state.overlay.hidden || ending) return;
    if (!state.signedIn) {
      state.reference = Date.now();
      return;
    }
    if (Date.now() - state.reported >= REPORT_EVERY_MS) report(state);
    state.reference = state.reported;
  };

  for (const type of ["pointerdown", "keydown", "input", "wheel"]) {
    document.addEventListener(type, activity, { capture: true, passive: true });
  }

  document.addEventListener("click", (event) => {
    const state = timer;
    if (!state || !event.target.closest("[data-idle-continue]")) return;
    report(state);
    state.reference = state.reported;
    state.overlay.hidden = true;
  });

  const tick = () => {
    const state = timer;
    if (!state || ending) return;
    const remaining = state.idleSeconds * 1000 - (Date.now() - state.reference);
    if (remaining <= 0) {
      end(state);
    } else if (remaining <= state.warningSeconds * 1000) {
      showOverlay(state, Math.ceil(remaining / 1000));
    }
  };

  const setUp = () => {
    const body = document.body;
    const overlay = document.getElementById("idle-overlay");
    const endForm = document.querySelector("form[data-idle-end]");
    const idleSeconds = Number(body.dataset.idleSeconds || 0);
    // The attract screen is the start: nothing to count down to. Every other screen, the
    // home screen included (a language or elder mode chosen there), returns to it when idle.
    const atStart = body.classList.contains("attract");
    // A page the heartbeat reloaded after a menu publish (heartbeat.js) is no sign of anyone
    // at the screen: the countdown goes on from where it was.
    const quiet = document.documentElement.hasAttribute("data-heartbeat-reload");
    const previous = quiet ? timer : null;
    timer = null;
    if (!overlay || !endForm || idleSeconds <= 0 || atStart) return;
    // Each page came from the server, which counts its own idle time from that request.
    const now = Date.now();
    timer = {
      overlay,
      endForm,
      count: overlay.querySelector("[data-idle-count]"),
      idleSeconds,
      warningSeconds: Number(body.dataset.idleWarning || 0),
      keepAliveUrl: body.dataset.keepAliveUrl || "",
      signedIn: body.dataset.signedIn === "true",
      reference: previous ? previous.reference : now,
      reported: previous ? previous.reported : now,
    };
  };

  setUp();
  document.addEventListener("kiosk:page", setUp);
  window.setInterval(tick, 250);
})();
