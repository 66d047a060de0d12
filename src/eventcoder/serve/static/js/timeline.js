// Timeline: events per day stacked by quad class (d3), brushable to filter the table below.
"use strict";

(async () => {
  const chart = document.getElementById("timeline-chart");
  const tbody = document.querySelector("#timeline-table tbody");
  const heading = document.getElementById("timeline-selection");
  EC.legend(document.getElementById("timeline-legend"));

  // since/until undefined: the page's own filters; a brush selection narrows them
  async function loadTable(since, until) {
    const params = EC.filterParams({ since, until, limit: 500, sort: "date", order: "asc" });
    const body = await EC.getJSON("/api/events", params);
    tbody.innerHTML = body.events.length
      ? body.events.map(EC.eventRow).join("")
      : '<tr><td colspan="9" class="empty">No events in this selection.</td></tr>';
    const range = since ? (since === until ? ` on ${since}` : ` from ${since} to ${until}`) : "";
    // with no selection, keep the page's own date filters in the table link
    const tableLink = `/events?${EC.filterParams({ since, until })}`;
    // zooming reloads the page with the selection as its own filter: a thin bar on a
    // years-long axis becomes a readable chart
    const zoom = since ? ` · <a id="timeline-zoom" href="/timeline?${EC.escapeHTML(EC.filterParams({ since, until }))}">zoom the chart to it</a>` : "";
    heading.innerHTML = `${body.total} event${body.total === 1 ? "" : "s"}${EC.escapeHTML(range)}
      <small><a href="${EC.escapeHTML(tableLink)}">open in the events table</a>${zoom}</small>`;
    tbody.dataset.since = since || "";
    tbody.dataset.until = until || "";
  }

  let data;
  try {
    data = await EC.getJSON("/api/timeline", EC.filterParams());
  } catch (error) {
    EC.showError(chart, error);
    return;
  }
  const days = data.days.map((d) => ({ ...d, day: new Date(d.date + "T00:00:00Z") }));
  const note = [];
  const off = [];
  if (data.imprecise) off.push(`${data.imprecise} event(s) dated only to the month or year`);
  if (data.undated) off.push(`${data.undated} undated event(s)`);
  if (off.length) note.push(`Not on the chart: ${off.join(", ")} (they are in the table).`);
  if (data.publication_dated) {
    note.push(`(${data.publication_dated} event(s) with no date in the text are placed on their article's publication day)`);
  }
  if (note.length) {
    document.getElementById("timeline-note").textContent +=
      " " + note.join(" ");
  }

  if (!days.length) {
    chart.innerHTML = '<p class="empty">No events dated to the day match these filters.</p>';
  } else {
    const width = Math.max(320, chart.clientWidth);
    const height = width < 600 ? 220 : 300;
    const margin = { top: 10, right: 36, bottom: 28, left: 36 };
    const dayMs = 86400000;
    let [start, end] = d3.extent(days, (d) => d.day);
    // pad so that a single day is a bar with room around it, not a line at the edge
    const pad = Math.max(1, Math.round((end - start) / dayMs / 20)) * dayMs;
    start = new Date(+start - pad);
    end = new Date(+end + pad + dayMs);
    const x = d3.scaleUtc().domain([start, end]).range([margin.left, width - margin.right]);
    const stack = d3.stack().keys(data.quad_classes)(days);
    const y = d3.scaleLinear()
      .domain([0, d3.max(days, (d) => d.total) || 1]).nice()
      .range([height - margin.bottom, margin.top]);
    const barWidth = Math.max(2, x(new Date(+start + dayMs)) - x(start) - 1);

    const svg = d3.select(chart).append("svg")
      .attr("viewBox", [0, 0, width, height]).attr("width", "100%").attr("role", "img");
    svg.append("g").selectAll("g").data(stack).join("g")
      .attr("fill", (series) => EC.QUAD_COLORS[series.key])
      .attr("class", (series) => `series series-${series.key}`)
      .selectAll("rect").data((series) => series.map((v) => ({ v, key: series.key }))).join("rect")
      .filter(({ v }) => v[1] > v[0])
      .attr("class", "bar")
      .attr("data-date", ({ v }) => v.data.date)
      .attr("data-quad", ({ key }) => key)
      .attr("x", ({ v }) => x(v.data.day))
      .attr("y", ({ v }) => y(v[1]))
      .attr("height", ({ v }) => y(v[0]) - y(v[1]))
      .attr("width", barWidth)
      .append("title").text(({ v, key }) => `${v.data.date}: ${v[1] - v[0]} ${EC.QUAD_LABELS[key]}`);
    const spanDays = Math.round((end - start) / dayMs);
    const tickCount = Math.max(2, Math.floor(width / 110));
    const axis = d3.axisBottom(x).tickSizeOuter(0);
    if (spanDays <= 120) {
      // whole days only: d3's default would put "12 PM" ticks on a short range
      axis.ticks(d3.utcDay.every(Math.max(1, Math.ceil(spanDays / tickCount))))
        .tickFormat(d3.utcFormat("%-d %b %Y"));
    } else {
      axis.ticks(tickCount);
    }
    svg.append("g").attr("transform", `translate(0,${height - margin.bottom})`).call(axis);
    svg.append("g").attr("transform", `translate(${margin.left},0)`)
      .call(d3.axisLeft(y).ticks(5, "d"));

    const brush = d3.brushX()
      .extent([[margin.left, margin.top], [width - margin.right, height - margin.bottom]])
      .on("end", ({ selection }) => {
        if (!selection) { loadTable(undefined, undefined); return; }
        // the days whose bars the selection touches (a bar is its day's slot on the axis)
        const [x0, x1] = selection;
        const hit = days.filter((d) => x(d.day) < x1 && x(d.day) + barWidth > x0);
        let since, until;
        if (hit.length) {
          since = hit[0].date;
          until = hit[hit.length - 1].date;
        } else {
          since = d3.utcDay.ceil(x.invert(x0)).toISOString().slice(0, 10);
          until = d3.utcDay.floor(x.invert(x1)).toISOString().slice(0, 10);
          if (until < since) until = since;
        }
        loadTable(since, until);
      });
    svg.append("g").attr("class", "brush").call(brush);
    chart.dataset.days = String(days.length);
  }
  await loadTable(undefined, undefined);
  chart.dataset.ready = "true";
})();
