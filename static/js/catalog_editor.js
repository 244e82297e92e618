// The catalog editor (/staff/catalog/{kind}/{code}): saves the draft as the person types.
// Everything works without it (every button is a plain form post); this adds:
// - autosave: a pause after a change posts the tab's inputs with X-Autosave: 1 and the
//   draft revision the page holds; the answer's revision replaces it, so the next save
//   names it. 409 (someone else saved) stops saving and says so: reloading shows theirs.
// - a button pressed while an autosave is on its way waits for it (else both would name
//   the same revision and the second would be refused as stale);
// - a choice marked data-submit-on-change saves the page at once (it changes which inputs show);
// - after adding or moving a row, the page scrolls to it.
"use strict";

(() => {
  const form = document.getElementById("catalog-form");
  if (!(form instanceof HTMLFormElement)) return;
  const status = form.querySelector("[data-autosave-status]");
  const PAUSE_MS = 1200;
  let timer = null;
  let inflight = null;
  let stopped = false;
  let dirty = false;

  const say = (key, state) => {
    if (!status) return;
    status.textContent = form.dataset[key] || "";
    status.dataset.state = state;
  };

  const setRevision = (revision) => {
    document.querySelectorAll("input[data-revision]").forEach((input) => {
      input.value = String(revision);
    });
  };

  const save = async () => {
    timer = null;
    if (stopped || !dirty) return;
    dirty = false;
    const body = new FormData(form);
    body.set("op", "save");
    say("textSaving", "saving");
    try {
      const answer = await fetch(form.dataset.autosaveUrl, {
        method: "POST",
        body,
        headers: { "X-Autosave": "1" },
        credentials: "same-origin",
      });
      if (answer.status === 409) {
        stopped = true;
        say("textStale", "stale");
        return;
      }
      if (!answer.ok) {
        say("textFailed", "failed");
        return;
      }
      const result = await answer.json();
      setRevision(result.revision);
      say(dirty ? "textUnsaved" : "textSaved", dirty ? "unsaved" : "saved");
    } catch (error) {
      say("textFailed", "failed");
    }
  };

  const schedule = () => {
    dirty = true;
    say("textUnsaved", "unsaved");
    if (timer !== null) window.clearTimeout(timer);
    timer = window.setTimeout(() => {
      inflight = save().finally(() => {
        inflight = null;
      });
    }, PAUSE_MS);
  };

  form.addEventListener("input", schedule);
  form.addEventListener("change", (event) => {
    // A choice that changes which inputs the tab shows (收费 → the fee rows) is saved at once
    // with the whole page, so the new inputs appear.
    if (event.target instanceof HTMLElement && event.target.hasAttribute("data-submit-on-change")) {
      form.requestSubmit(form.querySelector(".cf-action-buttons button[value=save]") || undefined);
      return;
    }
    schedule();
  });

  form.addEventListener("submit", (event) => {
    if (timer !== null) {
      window.clearTimeout(timer);
      timer = null;
    }
    if (inflight === null) return;
    // Let the autosave finish and take its revision, then submit with the same button.
    event.preventDefault();
    const button = event.submitter;
    inflight.then(() => {
      form.requestSubmit(button instanceof HTMLElement ? button : undefined);
    });
  });

  const focus = form.dataset.focus;
  if (focus) {
    const target = document.getElementById(focus);
    if (target) {
      target.scrollIntoView({ block: "center" });
      const input = target.querySelector("input:not([type=hidden]), select, textarea");
      if (input instanceof HTMLElement) input.focus({ preventScroll: true });
    }
  }
})();
