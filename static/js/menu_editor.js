// The kiosk menu editor (/staff/menus/...). Everything works without this script (plain forms);
// it adds, on top:
// - dragging a tile by its handle to another place or into a group, with a mouse, a pen or a
//   finger: Pointer Events (the HTML drag-and-drop API does not work with touch). The drop is
//   posted as one move (tile, parent, index, draft revision) and the answer replaces the page's
//   main part, like every button of the tree, so the page does not jump to the top;
// - the side form: only the part the chosen kind needs, the target search as one types, and
//   empty labels filled with the picked target's name;
// - the preview page: the 1080×1920 kiosk screen scaled to fit, the choices applied at once.
(() => {
  "use strict";
  const DRAG_START_PX = 6;
  const MAX_DEPTH = 3; // shared/menus/model.MAX_DEPTH: top tiles, groups, groups in groups
  const SEARCH_DELAY_MS = 250;

  const editor = () => document.getElementById("menu-editor");
  const csrf = () => document.querySelector('#main input[name="csrf_token"]')?.value || "";

  // --- posting a change and showing the answer -------------------------------------------------

  let busy = false;

  const send = async (url, body, focusSelector) => {
    if (busy) return;
    busy = true;
    editor()?.classList.add("is-busy");
    try {
      const response = await fetch(url, { method: "POST", body, credentials: "same-origin" });
      const answer = new URL(response.url);
      const html = await response.text();
      const page = new DOMParser().parseFromString(html, "text/html");
      const main = page.getElementById("main");
      // Anything but this menu's editor (signed out, an error page): show it as a page.
      if (!main || !page.getElementById("menu-editor")) {
        document.open();
        document.write(html);
        document.close();
        return;
      }
      document.getElementById("main").replaceWith(main);
      document.title = page.title;
      if (response.redirected) history.replaceState(null, "", answer.pathname + answer.search);
      setUp();
      const focus = focusSelector && document.querySelector(focusSelector);
      if (focus && !focus.disabled) focus.focus({ preventScroll: true });
      else main.querySelector("[role=alert], [role=status]")?.focus?.();
    } catch {
      window.location.reload(); // the network failed: the page as the server has it now
    } finally {
      busy = false;
      editor()?.classList.remove("is-busy");
    }
  };

  // The tree's buttons (up, down, into group, out of group) post the tree form to their own action.
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || form.id !== "tree-form" || event.defaultPrevented) return;
    const button = event.submitter;
    if (!button || !button.formAction) return;
    event.preventDefault();
    const node = button.closest(".menu-node");
    const focus = node ? `#${CSS.escape(node.id)} [data-op="${button.dataset.op}"]` : null;
    send(button.formAction, new FormData(form), focus);
  });

  // --- dragging ----------------------------------------------------------------------------------

  let drag = null;

  const height = (node) => {
    const children = [...node.querySelectorAll(":scope > .menu-children > .menu-level > .menu-node")];
    return 1 + Math.max(0, ...children.map(height));
  };

  const clearMarks = () => {
    document.querySelectorAll(".drop-before, .drop-after, .drop-into").forEach((element) => {
      element.classList.remove("drop-before", "drop-after", "drop-into");
    });
  };

  // Where the tile would land if dropped at (x, y): {parent, index, mark, where} or null.
  const dropAt = (x, y) => {
    const element = document.elementFromPoint(x, y);
    if (!element || !editor()?.contains(element)) return null;
    const fits = (list) => Number(list.dataset.depth) + drag.height - 1 <= MAX_DEPTH;
    const empty = element.closest(".menu-empty-drop");
    if (empty) {
      const list = empty.closest(".menu-level");
      if (drag.node.contains(list) || !fits(list)) return null;
      return { parent: list.dataset.parent, index: 0, mark: empty, where: "into" };
    }
    const row = element.closest(".menu-row");
    const target = row && row.closest(".menu-node");
    if (!target || drag.node.contains(target)) return null;
    const list = target.parentElement;
    const box = row.getBoundingClientRect();
    const within = (y - box.top) / box.height;
    if (target.hasAttribute("data-can-hold") && within > 0.3 && within < 0.7) {
      const inner = target.querySelector(":scope > .menu-children > .menu-level");
      if (inner && fits(inner)) return { parent: target.dataset.tileId, index: 1e4, mark: target, where: "into" };
    }
    if (!fits(list)) return null;
    const siblings = [...list.children].filter((li) => li.classList.contains("menu-node") && li !== drag.node);
    const after = within >= 0.5;
    return {
      parent: list.dataset.parent,
      index: siblings.indexOf(target) + (after ? 1 : 0),
      mark: target,
      where: after ? "after" : "before",
    };
  };

  const moveGhost = (x, y) => {
    drag.ghost.style.transform = `translate(${x - drag.offsetX}px, ${y - drag.offsetY}px)`;
  };

  const start = (event) => {
    const row = drag.node.querySelector(":scope > .menu-row");
    const box = row.getBoundingClientRect();
    const ghost = row.cloneNode(true);
    ghost.classList.add("menu-ghost");
    ghost.setAttribute("aria-hidden", "true");
    ghost.style.width = `${box.width}px`;
    document.body.append(ghost);
    drag.ghost = ghost;
    drag.offsetX = drag.startX - box.left;
    drag.offsetY = drag.startY - box.top;
    drag.height = height(drag.node);
    drag.active = true;
    drag.node.classList.add("is-dragging");
    document.documentElement.classList.add("menu-dragging");
    moveGhost(event.clientX, event.clientY);
  };

  const stop = () => {
    if (!drag) return;
    clearMarks();
    drag.ghost?.remove();
    drag.node.classList.remove("is-dragging");
    document.documentElement.classList.remove("menu-dragging");
    drag = null;
  };

  // Near the top or bottom of the window the page scrolls, so a tile can travel a long menu.
  const edgeScroll = (y) => {
    const edge = 60;
    if (y < edge) window.scrollBy(0, -12);
    else if (y > window.innerHeight - edge) window.scrollBy(0, 12);
  };

  document.addEventListener("pointerdown", (event) => {
    const handle = event.target.closest("[data-drag]");
    if (!handle || event.button !== 0 || busy) return;
    const node = handle.closest(".menu-node");
    if (!node || !handle.closest("#menu-editor.is-editable")) return;
    event.preventDefault();
    handle.setPointerCapture(event.pointerId);
    drag = { node, pointerId: event.pointerId, startX: event.clientX, startY: event.clientY, active: false };
  });

  document.addEventListener("pointermove", (event) => {
    if (!drag || event.pointerId !== drag.pointerId) return;
    if (!drag.active) {
      if (Math.hypot(event.clientX - drag.startX, event.clientY - drag.startY) < DRAG_START_PX) return;
      start(event);
    }
    moveGhost(event.clientX, event.clientY);
    edgeScroll(event.clientY);
    clearMarks();
    drag.drop = dropAt(event.clientX, event.clientY);
    if (drag.drop) drag.drop.mark.classList.add(`drop-${drag.drop.where}`);
  });

  document.addEventListener("pointerup", (event) => {
    if (!drag || event.pointerId !== drag.pointerId) return;
    const { node, drop, active } = drag;
    stop();
    if (!active || !drop) return;
    // Show the tile in its new place at once; the server's answer then replaces the page.
    if (drop.where === "before") drop.mark.before(node);
    else if (drop.where === "after") drop.mark.after(node);
    const body = new FormData();
    body.append("csrf_token", csrf());
    body.append("revision", editor().dataset.revision);
    body.append("parent", drop.parent || "");
    body.append("index", String(drop.index));
    const url = `${editor().dataset.moveUrl}${encodeURIComponent(node.dataset.tileId)}/move`;
    send(url, body, `#${CSS.escape(node.id)} [data-op]:not([disabled])`);
  });

  document.addEventListener("pointercancel", (event) => {
    if (drag && event.pointerId === drag.pointerId) stop();
  });

  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && drag) stop();
  });

  // --- the side form -----------------------------------------------------------------------------

  const PICKABLE = ["item", "bundle", "category"];
  let searchTimer = null;

  const sideForm = () => document.querySelector("[data-tile-form]");

  const showKind = () => {
    const form = sideForm();
    if (!form) return;
    const kind = form.querySelector("[data-kind-choice]:checked")?.value || "item";
    form.querySelectorAll("[data-kind-section]").forEach((section) => {
      section.hidden = !section.dataset.kindSection.split(" ").includes(kind);
    });
    return kind;
  };

  const search = async () => {
    const results = document.getElementById("target-results");
    const q = document.querySelector("[data-target-q]");
    const find = document.querySelector("[data-find]");
    if (!results || !q || !find) return;
    const current = sideForm()?.querySelector('input[name="target"]:checked')?.value || "";
    const params = new URLSearchParams({ find: find.value, q: q.value, current });
    try {
      const response = await fetch(`${results.dataset.targetsUrl}?${params}`, { credentials: "same-origin" });
      if (response.ok) results.innerHTML = await response.text();
    } catch {
      // No answer: the list stays as it was; the Find button still works as a plain form.
    }
  };

  const searchSoon = () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(search, SEARCH_DELAY_MS);
  };

  // A name longer than a label may be is cut after a whole word (as the server does).
  const fit = (name, limit) => {
    if (name.length <= limit) return name;
    const cut = name.slice(0, limit);
    return cut.includes(" ") ? cut.slice(0, cut.lastIndexOf(" ")) : cut;
  };

  // An empty label (or one this script filled) takes the picked target's name.
  const fillLabels = (zh, en) => {
    for (const [lang, value] of [
      ["zh", zh],
      ["en", en],
    ]) {
      const input = document.querySelector(`[data-label="${lang}"]`);
      if (!input || !value) continue;
      if (input.value === "" || input.dataset.autofilled === "1") {
        input.value = fit(value, Number(input.maxLength) > 0 ? input.maxLength : value.length);
        input.dataset.autofilled = "1";
      }
    }
  };

  document.addEventListener("change", (event) => {
    const target = event.target;
    if (target.matches("[data-kind-choice]")) {
      const kind = showKind();
      const find = document.querySelector("[data-find]");
      if (find && PICKABLE.includes(kind) && find.value !== kind) {
        find.value = kind;
        search();
      }
    } else if (target.matches("[data-find]")) {
      search();
    } else if (target.matches('input[name="target"]') && target.dataset.nameZh) {
      const kind = target.dataset.kind;
      const choice = kind && sideForm()?.querySelector(`[data-kind-choice][value="${kind}"]`);
      if (choice) choice.checked = true;
      fillLabels(target.dataset.nameZh, target.dataset.nameEn);
    } else if (target.matches("#tile-action")) {
      const option = target.selectedOptions[0];
      if (option) fillLabels(option.dataset.nameZh, option.dataset.nameEn);
    } else if (target.matches("[data-autosubmit]")) {
      target.form?.requestSubmit();
    }
  });

  document.addEventListener("input", (event) => {
    const target = event.target;
    if (target.matches("[data-target-q]")) searchSoon();
    else if (target.matches("[data-label]")) target.dataset.autofilled = "0";
  });

  // Enter in the search box searches here instead of reloading the page.
  document.addEventListener("submit", (event) => {
    if (event.target.id !== "target-search") return;
    event.preventDefault();
    search();
  });

  // --- the preview page --------------------------------------------------------------------------

  const fitPreview = () => {
    const screen = document.querySelector(".menus-preview-screen");
    const stage = document.querySelector("[data-preview-stage]");
    if (!screen || !stage) return;
    const width = Number(screen.dataset.kioskWidth);
    const tall = Number(screen.dataset.kioskHeight);
    const room = window.innerHeight - stage.getBoundingClientRect().top - 24;
    const scale = Math.max(0.2, Math.min(1, stage.clientWidth / width, room / tall));
    screen.style.setProperty("--scale", scale.toFixed(4));
  };

  const setUp = () => {
    showKind();
    fitPreview();
  };

  window.addEventListener("resize", fitPreview);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
