// Behaviour every kiosk screen shares. Loaded as a file: the CSP allows no inline script.
// - Scroll buttons in the bottom bar, so reading a long guide never needs a swipe.
// - A network failure during an htmx request shows a plain message in the alert region
//   (HTTP errors already arrive as an alert fragment, see base.html's hx-status).
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

  const alerts = () => document.getElementById("kiosk-alerts");

  document.addEventListener("htmx:before:request", () => {
    const region = alerts();
    if (region) region.replaceChildren();
  });

  document.addEventListener("htmx:error", (event) => {
    const region = alerts();
    const ctx = event.detail && event.detail.ctx;
    // A response with an error status has been swapped into the region already.
    if (!region || (ctx && ctx.response)) return;
    const box = document.createElement("div");
    box.className = "alert alert-error";
    const message = document.createElement("p");
    message.className = "alert-message";
    message.textContent = region.dataset.networkError || "";
    box.append(message);
    region.replaceChildren(box);
  });
})();

// The idle timer (政务自助终端: "idle → countdown → wipe → back to the start").
// The page shows a countdown for the last data-idle-warning seconds of data-idle-seconds
// without a touch, with a big "continue" button; at zero it posts the idle end, whose answer
// wipes the browser (Clear-Site-Data, cookies) and lands on the attract screen. The server ends
// the session by itself too, whatever this script does: this is the friendly half.
// While a citizen is signed in, activity is reported (at most every 5 s) so the server's idle
// time follows the screen's; the countdown runs from the last report, never later than it.
(() => {
  "use strict";
  const body = document.body;
  const overlay = document.getElementById("idle-overlay");
  const endForm = document.querySelector("form[data-idle-end]");
  const idleSeconds = Number(body.dataset.idleSeconds || 0);
  const warningSeconds = Number(body.dataset.idleWarning || 0);
  const keepAliveUrl = body.dataset.keepAliveUrl || "";
  const signedIn = body.dataset.signedIn === "true";

  // A page restored from the back/forward cache is shown again without asking the server:
  // ask it, so a page of a citizen whose session ended shows nothing of them.
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) window.location.reload();
  });

  // The attract screen is the start: nothing to count down to. Every other screen, the
  // home screen included (a language or elder mode chosen there), returns to it when idle.
  const atStart = body.classList.contains("attract");
  if (!overlay || !endForm || idleSeconds <= 0 || atStart) return;

  const REPORT_EVERY_MS = 5000;
  const count = overlay.querySelector("[data-idle-count]");
  let reference = Date.now();
  let reported = Date.now();
  let ending = false;

  const end = () => {
    if (ending) return;
    ending = true;
    // A second line behind Clear-Site-Data: nothing of the citizen stays in storage.
    try {
      window.sessionStorage.clear();
      window.localStorage.clear();
    } catch (error) {
      // Storage may be disabled in the kiosk profile; nothing to clear then.
    }
    endForm.submit();
  };

  const report = () => {
    reported = Date.now();
    if (!signedIn || !keepAliveUrl) return;
    fetch(keepAliveUrl, { method: "POST", credentials: "same-origin", cache: "no-store" })
      .then((response) => {
        // 401: the server ended the session already (e.g. the total time ran out).
        if (response.status === 401) end();
      })
      .catch(() => {
        // Offline for a moment: the countdown still runs, the server still decides.
      });
  };

  const showOverlay = (seconds) => {
    if (count) count.textContent = String(seconds);
    if (overlay.hidden) {
      overlay.hidden = false;
      const button = overlay.querySelector("[data-idle-continue]");
      if (button) button.focus();
    }
  };

  const activity = () => {
    if (!overlay.hidden || ending) return;
    if (!signedIn) {
      reference = Date.now();
      return;
    }
    if (Date.now() - reported >= REPORT_EVERY_MS) report();
    reference = reported;
  };

  for (const type of ["pointerdown", "keydown", "input", "wheel"]) {
    document.addEventListener(type, activity, { capture: true, passive: true });
  }

  overlay.querySelector("[data-idle-continue]")?.addEventListener("click", () => {
    report();
    reference = reported;
    overlay.hidden = true;
  });

  const tick = () => {
    if (ending) return;
    const remaining = idleSeconds * 1000 - (Date.now() - reference);
    if (remaining <= 0) {
      end();
    } else if (remaining <= warningSeconds * 1000) {
      showOverlay(Math.ceil(remaining / 1000));
    }
  };
  window.setInterval(tick, 250);
})();
