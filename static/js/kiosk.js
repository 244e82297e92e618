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
