// Map: event locations over the shipped Natural Earth country outlines; clustered markers.
"use strict";

(async () => {
  const container = document.getElementById("map");
  EC.legend(document.getElementById("map-legend"));
  const map = L.map(container, { worldCopyJump: true, minZoom: 1, maxZoom: 12, attributionControl: false })
    .setView([30, 20], 2);
  container.style.background = "#dbe7f0";  // the sea: there are no tiles

  let countries, points;
  try {
    [countries, points] = await Promise.all([
      EC.getJSON("/api/geo/countries.geojson"),
      EC.getJSON("/api/map", EC.filterParams()),
    ]);
  } catch (error) {
    EC.showError(container.parentElement, error);
    return;
  }
  const withEvents = new Set(points.features.map((f) => f.properties.country).filter(Boolean));
  L.geoJSON(countries, {
    style: (feature) => ({
      color: "#8a97a5", weight: 0.7, fillOpacity: 1,
      fillColor: withEvents.has(feature.properties.iso3) ? "#f3e7c9" : "#f7f7f4",
    }),
    onEachFeature: (feature, layer) => layer.bindTooltip(feature.properties.name, { sticky: true }),
    interactive: true,
  }).addTo(map);

  // a cluster takes the colour of its most frequent quad class, like the markers it holds
  const clusters = L.markerClusterGroup({
    showCoverageOnHover: false,
    maxClusterRadius: 40,
    iconCreateFunction: (cluster) => {
      const counts = {};
      for (const marker of cluster.getAllChildMarkers()) {
        counts[marker.options.quad] = (counts[marker.options.quad] || 0) + 1;
      }
      const quad = Object.entries(counts).sort((a, b) => b[1] - a[1])[0][0];
      const n = cluster.getChildCount();
      const size = n < 10 ? 30 : n < 100 ? 36 : 44;
      // an element, not an HTML string: the Content-Security-Policy refuses style attributes
      const badge = document.createElement("span");
      badge.style.background = EC.QUAD_COLORS[quad] || "#777";
      badge.textContent = String(n);
      return L.divIcon({
        html: badge,
        className: "ec-cluster",
        iconSize: L.point(size, size),
      });
    },
  });
  for (const feature of points.features) {
    const p = feature.properties;
    const [lon, lat] = feature.geometry.coordinates;
    const marker = L.circleMarker([lat, lon], {
      radius: 7 + Math.min(6, (p.num_articles || 1) - 1),
      color: "#222", weight: 1, fillColor: EC.QUAD_COLORS[p.quad_class] || "#777", fillOpacity: 0.9,
    });
    marker.bindPopup(`<div class="popup">
        <b><a href="/events/${encodeURIComponent(p.id)}">${EC.escapeHTML(p.event_type)}</a></b>
        ${p.mode ? `<small>/ ${EC.escapeHTML(p.mode)}</small>` : ""} ${EC.quadBadge(p.quad_class)}<br>
        ${EC.codes(p.source_codes)} → ${EC.codes(p.target_codes)}<br>
        ${EC.escapeHTML(p.location_name || "")}${p.country ? ` (${EC.escapeHTML(p.country)})` : ""}
        · ${EC.escapeHTML(p.date || "date unknown")}<br>
        ${p.num_articles} article(s), ${p.num_mentions} mention(s)${p.num_claims ? ", claimed" : ""}
      </div>`);
    marker.options.eventId = p.id;
    marker.options.quad = p.quad_class;
    clusters.addLayer(marker);
  }
  map.addLayer(clusters);
  if (points.features.length) {
    map.fitBounds(clusters.getBounds().pad(0.6), { maxZoom: 6 });
  }
  const extra = [];
  if (points.unlocated) extra.push(`${points.unlocated} without a location`);
  if (points.truncated) extra.push("only the first 50,000 shown: narrow the filters");
  document.getElementById("map-count").textContent =
    `${points.features.length} located event(s)${extra.length ? " · " + extra.join(" · ") : ""}`;
  container.dataset.markers = String(points.features.length);
  container.dataset.ready = "true";
  window.ecMap = { map, clusters };
})();
