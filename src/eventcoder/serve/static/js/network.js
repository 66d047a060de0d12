// Actor network: who acts on whom, force-directed (d3-force), edges by quad class.
"use strict";

(async () => {
  const chart = document.getElementById("network-chart");
  EC.legend(document.getElementById("network-legend"));
  let data;
  try {
    data = await EC.getJSON("/api/network", EC.filterParams());
  } catch (error) {
    EC.showError(chart, error);
    return;
  }
  document.getElementById("network-count").textContent =
    `${data.nodes.length} actors, ${data.edges.length} directed pairs` +
    (data.omitted_actors ? ` (${data.omitted_actors} less active actors left out)` : "");
  if (!data.nodes.length) {
    chart.innerHTML = '<p class="empty">No events with both a source and a target match these filters.</p>';
    chart.dataset.ready = "true";
    return;
  }
  const width = Math.max(320, chart.clientWidth);
  const height = width < 600 ? 420 : 560;
  const nodes = data.nodes.map((n) => ({ ...n }));
  const links = data.edges.map((e) => ({ ...e }));
  const radius = d3.scaleSqrt().domain([1, d3.max(nodes, (n) => n.events) || 1]).range([13, 30]);
  const strokeWidth = d3.scaleSqrt().domain([1, d3.max(links, (l) => l.events) || 1]).range([1.5, 9]);

  const svg = d3.select(chart).append("svg")
    .attr("viewBox", [0, 0, width, height]).attr("width", "100%").attr("role", "img");
  const defs = svg.append("defs");
  for (const [quad, color] of Object.entries(EC.QUAD_COLORS)) {
    defs.append("marker").attr("id", `arrow-${quad}`).attr("viewBox", "0 -5 10 10")
      .attr("refX", 10).attr("refY", 0).attr("markerWidth", 5).attr("markerHeight", 5)
      .attr("markerUnits", "userSpaceOnUse").attr("orient", "auto")
      .append("path").attr("d", "M0,-5L10,0L0,5").attr("fill", color);
  }
  const link = svg.append("g").attr("fill", "none").selectAll("path").data(links).join("path")
    .attr("class", "edge")
    .attr("data-source", (d) => d.source).attr("data-target", (d) => d.target)
    .attr("data-events", (d) => d.events)
    .attr("stroke", (d) => EC.QUAD_COLORS[d.quad_class])
    .attr("stroke-opacity", 0.8)
    .attr("stroke-width", (d) => strokeWidth(d.events))
    .attr("marker-end", (d) => `url(#arrow-${d.quad_class})`);
  link.append("title").text((d) => `${d.source} → ${d.target}: ${d.events} event(s)\n` +
    Object.entries(d.by_quad_class).filter(([, n]) => n).map(([q, n]) => `${EC.QUAD_LABELS[q]}: ${n}`).join("\n"));

  const node = svg.append("g").selectAll("g").data(nodes).join("g")
    .attr("class", "node").attr("data-code", (d) => d.id).style("cursor", "pointer");
  node.append("circle").attr("r", (d) => radius(d.events))
    .attr("fill", "#fff").attr("stroke", "#33404d").attr("stroke-width", 1.5);
  node.append("text").text((d) => d.id).attr("text-anchor", "middle").attr("dy", "0.35em")
    .attr("font-size", (d) => Math.max(10, Math.min(14, radius(d.events) * 0.55)));
  node.append("text").attr("class", "node-name").text((d) => (d.name && d.name !== d.id ? d.name : ""))
    .attr("text-anchor", "middle").attr("dy", (d) => radius(d.events) + 12);
  node.append("title").text((d) => `${d.name} (${d.id}): ${d.events} event(s), source of ${d.as_source}, target of ${d.as_target}`);
  node.on("click", (event, d) => {
    if (event.defaultPrevented) return;  // a drag, not a click
    window.location.href = `/events?${EC.filterParams({ actor: d.id })}`;
  });

  const simulation = d3.forceSimulation(nodes)
    .force("link", d3.forceLink(links).id((d) => d.id).distance(140).strength(0.4))
    .force("charge", d3.forceManyBody().strength(-500))
    .force("center", d3.forceCenter(width / 2, height / 2))
    .force("collide", d3.forceCollide().radius((d) => radius(d.events) + 18))
    .force("x", d3.forceX(width / 2).strength(0.05))
    .force("y", d3.forceY(height / 2).strength(0.08));

  function edgePath(d) {
    // curve A→B and B→A apart so both stay visible; stop at the target's rim for the arrow
    const dx = d.target.x - d.source.x, dy = d.target.y - d.source.y;
    const dist = Math.hypot(dx, dy) || 1;
    const rt = radius(d.target.events) + 2, rs = radius(d.source.events);
    const sx = d.source.x + (dx / dist) * rs, sy = d.source.y + (dy / dist) * rs;
    const tx = d.target.x - (dx / dist) * rt, ty = d.target.y - (dy / dist) * rt;
    const bend = dist * 0.15;
    const mx = (sx + tx) / 2 - (dy / dist) * bend, my = (sy + ty) / 2 + (dx / dist) * bend;
    return `M${sx},${sy}Q${mx},${my} ${tx},${ty}`;
  }
  function clamp(d) {
    const r = radius(d.events) + 4;
    d.x = Math.max(r, Math.min(width - r, d.x));
    d.y = Math.max(r, Math.min(height - r - 12, d.y));
  }
  simulation.on("tick", () => {
    nodes.forEach(clamp);
    link.attr("d", edgePath);
    node.attr("transform", (d) => `translate(${d.x},${d.y})`);
  });
  simulation.on("end", () => { chart.dataset.settled = "true"; });
  node.call(d3.drag()
    .on("start", (event, d) => { if (!event.active) simulation.alphaTarget(0.2).restart(); d.fx = d.x; d.fy = d.y; })
    .on("drag", (event, d) => { d.fx = event.x; d.fy = event.y; })
    .on("end", (event, d) => { if (!event.active) simulation.alphaTarget(0); d.fx = null; d.fy = null; }));
  chart.dataset.nodes = String(nodes.length);
  chart.dataset.ready = "true";
})();
