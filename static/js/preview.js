// A kiosk screen inside a staff preview frame (kiosk/preview.py): nothing on it may act.
// Links the preview keeps (a group tile opening its group) are ordinary links to preview
// pages and work; every other link is "#" and every form would post a kiosk action from a
// staff browser, so both are stopped here. Without script an inert "#" link goes nowhere.
(() => {
  "use strict";
  document.addEventListener(
    "click",
    (event) => {
      const link = event.target.closest("a[href]");
      if (link && link.getAttribute("href") === "#") event.preventDefault();
    },
    true,
  );
  document.addEventListener("submit", (event) => event.preventDefault(), true);
})();
