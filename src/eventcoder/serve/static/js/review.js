// The review queue: accept / reject / correct mentions through /api/review, with keyboard
// shortcuts. Writes carry the session's CSRF token (the page's <meta name="csrf-token">).
"use strict";

(() => {
  const queue = document.getElementById("review-queue");
  if (!queue) return;
  const message = document.getElementById("review-message");
  const csrfMeta = document.querySelector('meta[name="csrf-token"]');
  const items = () => Array.from(queue.querySelectorAll(".review-item"));
  let current = 0;
  let choices = null;

  function say(text, isError = false) {
    message.hidden = false;
    message.textContent = text;
    message.classList.toggle("error", isError);
  }

  function option(value, label, selected = false) {
    const el = document.createElement("option");
    el.value = value;
    el.textContent = label;
    el.selected = selected;
    return el;
  }

  function select(role, options) {
    const el = document.createElement("select");
    el.dataset.role = role;
    el.setAttribute("aria-label", role);
    for (const [value, label] of options) el.append(option(value, label));
    return el;
  }

  // Pickers offer valid codes only (PLOVER types and modes, ISO3/IGO codes + sectors,
  // gazetteer places); the server checks them again.
  function renderPicker(item) {
    const picker = item.querySelector('[data-role="picker"]');
    const field = item.querySelector('[data-role="field"]').value;
    picker.replaceChildren();
    if (!choices) return;
    if (field === "event_type") {
      const types = select("value", choices.event_types.map((t) => [t, t]));
      types.value = item.dataset.eventType;  // start from the current (reviewed) type
      picker.append(types);
    } else if (field === "mode") {
      const modes = choices.modes[item.dataset.eventType] || [];
      picker.append(select("value", [["", "(none)"], ...modes.map((m) => [m, m])]));
    } else if (field === "source" || field === "target") {
      picker.append(select("actor-code", [["", "(nobody)"],
        ...choices.actors.map((a) => [a.code, `${a.code} ${a.name === a.code ? "" : a.name}`])]));
      picker.append(select("actor-sector", [["", "(no sector)"],
        ...choices.sectors.map((s) => [s, s])]));
    } else if (field === "date") {
      const input = document.createElement("input");
      input.dataset.role = "value";
      input.placeholder = "YYYY-MM-DD";
      input.size = 11;
      input.setAttribute("aria-label", "date");
      picker.append(input);
    } else if (field === "place") {
      const input = document.createElement("input");
      input.dataset.role = "place-name";
      input.placeholder = "place name";
      input.setAttribute("aria-label", "place name");
      const find = document.createElement("button");
      find.type = "button";
      find.textContent = "find";
      const found = select("value", [["", "(no place)"]]);
      find.addEventListener("click", async () => {
        const response = await fetch(`/api/review/places?name=${encodeURIComponent(input.value)}`);
        const body = await response.json();
        found.replaceChildren(option("", "(no place)"));
        for (const p of body.places || []) {
          const label = `${p.name}, ${p.admin1 || ""} ${p.country || ""} (${p.feature_code})`;
          found.append(option(`${p.name}|${p.geonameid}`, label, found.options.length === 1));
        }
        say(`${(body.places || []).length} place(s) named ${input.value}`);
      });
      picker.append(input, find, found);
    }
  }

  function pickedValue(item) {
    const code = item.querySelector('[data-role="actor-code"]');
    if (code) {
      const sector = item.querySelector('[data-role="actor-sector"]').value;
      return code.value ? (sector ? `${code.value}/${sector}` : code.value) : "";
    }
    const value = item.querySelector('[data-role="value"]');
    return value ? value.value : "";
  }

  function actorsText(actors) {
    if (!actors || !actors.length) return "—";
    return actors.map((a) => (a.sector ? `${a.code}/${a.sector}` : a.code)).join(", ");
  }

  function update(item, mention) {
    const status = item.querySelector('[data-role="status"]');
    status.textContent = mention.review.status;
    status.className = `review-status review-${mention.review.status}`;
    item.className = `review-item status-${mention.review.status}`;
    const r = mention.reviewed;
    item.dataset.eventType = r.event_type;
    const row = item.querySelector('tr[data-row="reviewed"]');
    const cells = {
      event_type: r.event_type,
      mode: r.mode || "—",
      source: actorsText(r.actor),
      target: actorsText(r.recipient),
      date: r.date || "—",
      place: r.location ? `${r.location.name} ${r.location.country || ""}` : "—",
    };
    for (const [field, text] of Object.entries(cells)) {
      row.querySelector(`[data-field="${field}"]`).textContent = text;
    }
    const list = item.querySelector(".history ol");
    list.replaceChildren();
    for (const h of mention.review.history) {
      const li = document.createElement("li");
      li.dataset.correctionId = h.id;
      if (h.undone) li.className = "undone";
      let text = `${h.created_at.slice(0, 19)} ${h.reviewer}: ${h.action}`;
      if (h.field) text += ` ${h.field} ${h.old_value || "∅"} → ${h.new_value || "∅"}`;
      if (h.reason) text += ` — ${h.reason}`;
      if (h.undone) text += ` (undone by ${h.undone_by})`;
      li.textContent = text;
      list.append(li);
    }
    item.querySelector(".history summary").textContent = `history (${mention.review.history.length})`;
    item.querySelector('[data-action="undo"]').disabled =
      !mention.review.history.some((h) => !h.undone);
    renderPicker(item);
  }

  async function post(url, payload) {
    const headers = { "content-type": "application/json" };
    if (csrfMeta) headers["x-csrf-token"] = csrfMeta.content;
    const response = await fetch(url, {
      method: "POST", headers, body: JSON.stringify(payload), credentials: "same-origin",
    });
    const body = await response.json();
    if (!response.ok) {
      const detail = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail);
      throw new Error(`${body.error}: ${detail}`);
    }
    return body;
  }

  async function act(item, action) {
    const id = item.dataset.mentionId;
    const url = `/api/review/mentions/${encodeURIComponent(id)}`;
    try {
      if (action === "undo") {
        const active = Array.from(item.querySelectorAll(".history li:not(.undone)"));
        if (!active.length) return;
        const last = active[active.length - 1].dataset.correctionId;
        await post(`/api/review/corrections/${last}/undo`, {});
        const refreshed = await fetch(url).then((r) => r.json());
        update(item, refreshed);
        say(`undone: correction ${last}`);
        return;
      }
      const payload = { action };
      if (action === "reject") {
        payload.reason = item.querySelector('[data-role="reason"]').value;
      } else if (action === "correct") {
        payload.field = item.querySelector('[data-role="field"]').value;
        payload.value = pickedValue(item);
      }
      const body = await post(url, payload);
      update(item, body.mention);
      say(`${action}: ${body.mention.review.status} (${id})`);
      if (action !== "correct") move(1);
    } catch (error) {
      say(String(error.message || error), true);
    }
  }

  function focus(index) {
    const all = items();
    if (!all.length) return;
    current = Math.max(0, Math.min(index, all.length - 1));
    all.forEach((el, i) => el.classList.toggle("current", i === current));
    all[current].focus({ preventScroll: false });
  }

  function move(step) {
    focus(current + step);
  }

  for (const [index, item] of items().entries()) {
    item.querySelector('[data-role="field"]').addEventListener("change", () => renderPicker(item));
    for (const button of item.querySelectorAll("button[data-action]")) {
      button.addEventListener("click", () => {
        current = index;
        act(item, button.dataset.action);
      });
    }
    item.querySelector('[data-role="reason"]').addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        act(item, "reject");
      }
    });
  }

  document.addEventListener("keydown", (event) => {
    const target = event.target;
    if (target.closest("input, select, textarea")) {
      if (event.key === "Escape") target.blur();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const item = items()[current];
    if (!item) return;
    const keys = {
      j: () => move(1), n: () => move(1), k: () => move(-1), p: () => move(-1),
      a: () => act(item, "accept"),
      r: () => item.querySelector('[data-role="reason"]').focus(),
      c: () => item.querySelector('[data-role="field"]').focus(),
      u: () => act(item, "undo"),
    };
    if (keys[event.key]) {
      event.preventDefault();
      keys[event.key]();
    }
  });

  fetch("/api/review/choices").then((r) => r.json()).then((body) => {
    choices = body;
    for (const item of items()) renderPicker(item);
    focus(0);
  });
})();
