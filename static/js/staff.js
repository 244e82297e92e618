// Staff pages: the only script. Everything works without it; it adds a confirmation before
// forms marked data-confirm (deactivating an account, resetting a second factor).
"use strict";

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement)) return;
  const question = form.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
