// The on-screen keyboard of the search screen: big buttons instead of a physical keyboard.
// Each key edits the input named by the board's data-keyboard-for, then fires an "input"
// event, so htmx (hx-trigger="input changed delay:300ms") refreshes the results.
(() => {
  "use strict";

  function edit(value, key, maxLength) {
    switch (key) {
      case "backspace":
        // Array.from keeps a character made of two UTF-16 units whole.
        return Array.from(value).slice(0, -1).join("");
      case "clear":
        return "";
      case "space":
        return value === "" || value.endsWith(" ") ? value : value + " ";
      default:
        return Array.from(value + key).slice(0, maxLength).join("");
    }
  }

  function setUp(board) {
    const input = document.getElementById(board.dataset.keyboardFor);
    if (!input) return;
    // The screen has its own keyboard: keep the system one from covering it.
    input.setAttribute("inputmode", "none");
    const maxLength = input.maxLength > 0 ? input.maxLength : Infinity;

    board.addEventListener("click", (event) => {
      const key = event.target.closest("button[data-key]");
      if (!key || !board.contains(key)) return;
      const value = edit(input.value, key.dataset.key, maxLength);
      if (value === input.value) return;
      input.value = value;
      input.dispatchEvent(new Event("input", { bubbles: true }));
    });
  }

  document.querySelectorAll("[data-keyboard-for]").forEach(setUp);
})();
