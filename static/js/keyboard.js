// On-screen keyboards and keypads: a kiosk has no physical keyboard, and a system keyboard
// would cover half the screen, so every typed input says inputmode="none" and gets big keys.
// - The search screen's keyboard (kiosk/templates/_keyboard.html) is fixed at the bottom and
//   types into the input named by its data-keyboard-for.
// - The step form's pads (kiosk/templates/_keypad.html) are hidden until a field that names
//   one (data-pad="id_number|phone|number|date|text") is tapped; the pad then moves under
//   that field and types into it, until "Done" or another field is tapped.
// Each key edits the value and fires an "input" event, as typing would (htmx's search
// trigger listens for it). Listeners sit on the document, so pages htmx swaps in (every
// kiosk navigation is boosted) work without setting anything up again.
(() => {
  "use strict";
  if (window.kioskKeyboard) return; // loaded once per document, whatever the pages say
  window.kioskKeyboard = true;

  const chars = (value) => Array.from(value); // a character of two UTF-16 units stays whole

  // What a key does to a value, by the kind of field (the server checks the result anyway).
  function edit(value, key, kind, maxLength) {
    if (key === "backspace") {
      const shorter = chars(value).slice(0, -1).join("");
      // A date's dashes come and go with its digits.
      return kind === "date" ? shorter.replace(/-$/, "") : shorter;
    }
    if (key === "clear") return "";
    if (key === "space") return value === "" || value.endsWith(" ") ? value : value + " ";
    if (kind === "date") {
      const digits = (value.replace(/\D/g, "") + key.replace(/\D/g, "")).slice(0, 8);
      const parts = [digits.slice(0, 4), digits.slice(4, 6), digits.slice(6, 8)];
      // The dash appears as soon as a part is complete, so the citizen sees where they are.
      let out = parts[0];
      if (digits.length >= 4) out += "-" + parts[1];
      if (digits.length >= 6) out += "-" + parts[2];
      return out;
    }
    if (kind === "number" && key === "." && (value.includes(".") || value === "")) {
      return value === "" ? "0." : value;
    }
    if (kind === "id_number" && key === "X" && chars(value).length !== 17) {
      // GB 11643: X is only ever the 18th, check character.
      return value;
    }
    return chars(value + key).slice(0, maxLength).join("");
  }

  function type(input, key, kind) {
    const maxLength = input.maxLength > 0 ? input.maxLength : Infinity;
    const value = edit(input.value, key, kind, maxLength);
    if (value === input.value) return;
    input.value = value;
    input.dispatchEvent(new Event("input", { bubbles: true }));
  }

  // --- the search keyboard --------------------------------------------------------------

  function prepareBoards(root) {
    for (const board of root.querySelectorAll("[data-keyboard-for]")) {
      const input = document.getElementById(board.dataset.keyboardFor);
      if (input) input.setAttribute("inputmode", "none");
    }
  }

  // --- the form pads --------------------------------------------------------------------

  let current = null; // the field a pad is typing into

  function padFor(input) {
    const form = input.form || document;
    return form.querySelector(`.pad[data-pad="${CSS.escape(input.dataset.pad)}"]`);
  }

  function closePads() {
    for (const pad of document.querySelectorAll(".pad:not([hidden])")) pad.hidden = true;
    document.querySelector(".pad-target")?.classList.remove("pad-target");
    current = null;
  }

  function open(input) {
    if (current === input) return;
    const pad = padFor(input);
    if (!pad) return;
    closePads();
    current = input;
    const row = input.closest(".field") || input.parentElement;
    row.classList.add("pad-target");
    // Under the field being typed into, so the keys sit next to what they fill.
    row.after(pad);
    const label = pad.querySelector("[data-pad-label]");
    const name = input.labels && input.labels[0];
    if (label) label.textContent = name ? name.textContent.trim() : "";
    pad.hidden = false;
    // The field and its keys on the screen together, above the bottom bar (the CSS gives
    // the pad a scroll margin); the field first, if both do not fit.
    pad.scrollIntoView({ block: "nearest" });
    if (row.getBoundingClientRect().top < 0) row.scrollIntoView({ block: "start" });
  }

  document.addEventListener("focusin", (event) => {
    const target = event.target;
    if (!(target instanceof HTMLElement)) return;
    if (target.matches("[data-pad]:not(.pad)")) {
      open(target);
    } else if (target.matches("input, textarea, select") && !target.closest(".pad")) {
      closePads(); // a choice or another kind of field: the pad would only be in the way
    }
  });

  document.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    const field = target.closest("[data-pad]:not(.pad)");
    if (field) {
      open(field);
      return;
    }
    if (target.closest("[data-pad-done]")) {
      const input = current;
      closePads();
      input?.blur();
      return;
    }
    const key = target.closest("button[data-key]");
    if (!key) return;
    const board = key.closest("[data-keyboard-for]");
    if (board) {
      const input = document.getElementById(board.dataset.keyboardFor);
      if (input) type(input, key.dataset.key, "search");
      return;
    }
    const pad = key.closest(".pad");
    if (pad && current && current.isConnected) {
      type(current, key.dataset.key, pad.dataset.pad);
      // Keep the caret (and the focus ring) in the field being typed into.
      if (document.activeElement !== current) current.focus({ preventScroll: true });
    }
  });

  // A key takes no focus: the field being typed into keeps it (and the screen stays still).
  document.addEventListener("mousedown", (event) => {
    if (event.target instanceof Element && event.target.closest(".pad button, .keyboard button")) {
      event.preventDefault();
    }
  });

  // A page (or a screen the server answered with problems) is in: set the boards up, and open
  // the pad of the first field to fix, so the citizen can correct it straight away.
  function ready() {
    current = null;
    prepareBoards(document);
    const wrong = document.querySelector(".has-problem [data-pad]:not(.pad)");
    if (wrong) open(wrong);
  }

  document.addEventListener("kiosk:page", ready);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
