// Shared helpers for the chart pages. No external requests: everything comes from /api.
"use strict";

const EC = (() => {
  const QUAD_COLORS = {
    verbal_cooperation: "#74add1",
    material_cooperation: "#2c7bb6",
    verbal_conflict: "#f4a340",
    material_conflict: "#d7191c",
  };
  const QUAD_LABELS = {
    verbal_cooperation: "verbal cooperation",
    material_cooperation: "material cooperation",
    verbal_conflict: "verbal conflict",
    material_conflict: "material conflict",
  };
  // The filters the charts pass on to the API (paging and sorting are the table's business).
  const FILTER_KEYS = ["type", "quad_class", "actor", "recipient", "country", "since", "until",
    "claims_only", "document_id", "view"];

  function filterParams(extra = {}) {
    const page = new URLSearchParams(window.location.search);
    const params = new URLSearchParams();
    for (const key of FILTER_KEYS) {
      const value = page.get(key);
      if (value) params.set(key, value);
    }
    // extra: a value sets a parameter, null removes it, undefined leaves the page's value
    for (const [key, value] of Object.entries(extra)) {
      if (value === undefined) continue;
      if (value === null || value === "") params.delete(key);
      else params.set(key, value);
    }
    return params;
  }

  async function getJSON(path, params) {
    const url = params && String(params) ? `${path}?${params}` : path;
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      const detail = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail);
      throw new Error(`${body.error || response.statusText}${detail ? ": " + detail : ""}`);
    }
    return body;
  }

  function escapeHTML(value) {
    return String(value ?? "").replace(/[&<>"']/g, (c) => ({
      "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
    })[c]);
  }

  function showError(container, error) {
    const box = document.createElement("p");
    box.className = "error-detail";
    box.setAttribute("role", "alert");
    box.textContent = `Could not load the data: ${error.message}`;
    container.prepend(box);
  }

  function codes(list) {
    if (!list || !list.length) return '<span class="muted">—</span>';
    return list.map((c) => `<a class="code" href="/events?actor=${encodeURIComponent(c)}">${escapeHTML(c)}</a>`).join(" ");
  }

  function quadBadge(quad) {
    const label = QUAD_LABELS[quad] || "?";
    return `<span class="quad q-${escapeHTML(quad)}">${escapeHTML(label)}</span>`;
  }

  // One events-table row, same columns as the server-rendered table.
  function eventRow(e) {
    const where = e.location_name
      ? `${escapeHTML(e.location_name)}${e.country ? ` <small class="code">${escapeHTML(e.country)}</small>` : ""}`
      : '<span class="muted">—</span>';
    return `<tr data-event-id="${escapeHTML(e.id)}" class="row-${escapeHTML(e.quad_class)}">
      <td class="nowrap">${escapeHTML(e.date || "—")}</td>
      <td><a class="event-link" href="/events/${encodeURIComponent(e.id)}">${escapeHTML(e.event_type)}</a>
        ${e.mode ? `<small class="muted">${escapeHTML(e.mode)}</small>` : ""}<br>${quadBadge(e.quad_class)}
        ${e.num_claims ? '<span class="flag flag-claim">claim</span>' : ""}</td>
      <td>${codes(e.source_codes)}</td><td>${codes(e.target_codes)}</td><td>${where}</td>
      <td class="num">${e.num_articles}</td><td class="num">${e.num_mentions}</td>
      <td class="num">${Number(e.confidence).toFixed(2)}</td>
      <td><a href="/documents/${encodeURIComponent(e.first_document_id)}">article</a></td></tr>`;
  }

  function legend(container) {
    // built with the DOM, not HTML strings: the Content-Security-Policy refuses inline
    // style attributes, while element.style (CSSOM) is allowed
    container.replaceChildren(
      ...Object.entries(QUAD_LABELS).map(([q, label]) => {
        const item = document.createElement("span");
        item.className = "legend-item";
        const swatch = document.createElement("i");
        swatch.style.background = QUAD_COLORS[q];
        item.append(swatch, label);
        return item;
      })
    );
  }

  return { QUAD_COLORS, QUAD_LABELS, filterParams, getJSON, escapeHTML, showError, eventRow, legend, codes, quadBadge };
})();
