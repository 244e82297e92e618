// The kiosk heartbeat (kiosk/views/heartbeat.py). Loaded on every kiosk screen by base.html;
// it runs where <body> has data-heartbeat-url (not on a staff preview or a device page).
// - Every few seconds (the answer's "every", 3 s) it posts the stamp of the menu this page
//   shows (<div id="menu-stamp" data-menu-stamp="..."> on the home and menu pages; null on
//   every other page), also while a citizen is signed in: the server counts it as the
//   kiosk's sign of life, never as the citizen's activity.
// - When the answer names another menu and this page shows one, the page reloads itself
//   through htmx (the whole <body>, as a boosted link would), so a menu published by staff
//   reaches an open home screen within seconds. A page without a menu (a citizen filling in
//   a form) is never touched: the home screen shows the new menu at the next visit.
// - The reload does not count as a touch: the request says so (X-Kiosk-Passive, so the
//   server leaves the citizen's session time alone) and kiosk.js keeps its idle countdown
//   (data-heartbeat-reload on <html>).
// - A 403 means this browser is no longer a registered kiosk (retired): the whole screen
//   is reloaded, which shows the "not registered" page.
(() => {
  "use strict";
  const root = document.documentElement;
  const RELOAD_MARK = "data-heartbeat-reload";
  // An alert the citizen is reading (e.g. "staff are on their way") holds a reload back
  // for at most this long.
  const HOLD_FOR_ALERT_MS = 30000;
  let everyMs = 3000;
  let sending = false;
  let reloading = false;
  // When a finger (or the mouse) went down and has not come up yet; 0 when none is down.
  // A press longer than HELD_MS counts as over (a pointerup lost outside the window).
  let pointerDownAt = 0;
  const HELD_MS = 10000;
  let heldSince = 0;

  const stampOnPage = () => {
    const element = document.getElementById("menu-stamp");
    if (!element) return undefined;
    return element.dataset.menuStamp || null;
  };

  document.addEventListener("pointerdown", () => { pointerDownAt = Date.now(); }, { capture: true, passive: true });
  for (const type of ["pointerup", "pointercancel"]) {
    document.addEventListener(type, () => { pointerDownAt = 0; }, { capture: true, passive: true });
  }
  const pressing = () => pointerDownAt > 0 && Date.now() - pointerDownAt < HELD_MS;

  const alertShowing = () => {
    const region = document.getElementById("kiosk-alerts");
    return Boolean(region && region.childElementCount > 0);
  };

  const reload = () => {
    if (reloading) return;
    if (pressing()) return; // a finger on the screen: try again at the next beat
    if (alertShowing()) {
      const now = Date.now();
      if (!heldSince) heldSince = now;
      if (now - heldSince < HOLD_FOR_ALERT_MS) return;
    }
    heldSince = 0;
    const url = window.location.pathname + window.location.search;
    if (!window.htmx) {
      window.location.reload();
      return;
    }
    reloading = true;
    root.setAttribute(RELOAD_MARK, "");
    Promise.resolve(
      window.htmx.ajax("GET", url, {
        target: "body",
        swap: "outerSync",
        push: "false",
        headers: { "X-Kiosk-Passive": "true" },
      }),
    )
      .catch(() => {
        // Not reached this time (offline, a restart): the next beat tries again.
      })
      .finally(() => {
        root.removeAttribute(RELOAD_MARK);
        reloading = false;
      });
  };

  const schedule = () => window.setTimeout(beat, everyMs);

  const beat = () => {
    const url = document.body && document.body.dataset.heartbeatUrl;
    if (!url || sending) {
      schedule();
      return;
    }
    sending = true;
    const shown = stampOnPage();
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      cache: "no-store",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ menu: shown === undefined ? null : shown }),
    })
      .then((response) => {
        if (response.status === 403) {
          window.location.reload();
          return null;
        }
        return response.status === 200 ? response.json() : null;
      })
      .then((answer) => {
        if (!answer) return;
        const every = Number(answer.every);
        if (Number.isFinite(every) && every >= 1 && every <= 60) everyMs = every * 1000;
        const now = stampOnPage();
        // Only the page that sent the beat, and only if it shows a menu.
        if (now === undefined || now !== shown) return;
        if ((answer.menu || null) !== now) reload();
      })
      .catch(() => {
        // No connection for a moment: the next beat tries again.
      })
      .finally(() => {
        sending = false;
        schedule();
      });
  };

  // The first beat soon after the screen opens, then every `everyMs`.
  window.setTimeout(beat, 1000);
})();
