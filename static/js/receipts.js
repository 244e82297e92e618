// After submitting or printing, the session ends by itself (issue 5, "Leaving"): the
// countdown [data-auto-end] shows the seconds left and, at zero, submits its finish form,
// whose answer wipes the screen. Any tap on the screen starts the count again, so a citizen
// still reading or paying is never cut off; "Stay" is that tap made obvious. The element
// may arrive later in an htmx swap (a result just printed): it is looked for after each one.
(() => {
  "use strict";
  let timer = null;
  let current = null;

  const start = (box) => {
    if (timer) window.clearInterval(timer);
    current = box;
    const seconds = Number(box.dataset.seconds || 60);
    const count = box.querySelector("[data-auto-end-count]");
    const form = box.querySelector("form[data-auto-end-form]");
    let deadline = Date.now() + seconds * 1000;
    const show = () => {
      const left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
      if (count) count.textContent = String(left);
      if (left === 0 && form) {
        window.clearInterval(timer);
        timer = null;
        try {
          window.sessionStorage.clear();
          window.localStorage.clear();
        } catch (error) {
          // Storage may be disabled in the kiosk profile; nothing to clear then.
        }
        form.submit();
      }
    };
    box.restart = () => {
      deadline = Date.now() + seconds * 1000;
      show();
    };
    show();
    timer = window.setInterval(show, 250);
  };

  const find = () => {
    const box = document.querySelector("[data-auto-end]");
    if (box && box !== current) start(box);
  };

  document.addEventListener("pointerdown", () => {
    if (current && current.isConnected && current.restart) current.restart();
  });
  document.addEventListener("htmx:after:settle", find);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", find);
  } else {
    find();
  }
})();
