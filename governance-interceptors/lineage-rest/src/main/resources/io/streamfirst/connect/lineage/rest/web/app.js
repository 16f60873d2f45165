// SPDX-License-Identifier: Apache-2.0
// Draws GET /streamfirst/lineage. Every text goes into the page through textContent or an attribute
// (never as HTML), so names typed by users cannot add markup.
(function () {
  'use strict';
  var KINDS = [
    ['source-table', 'Source table or file', '#d1e9ff', 'where a source connector reads data'],
    ['source', 'Source connector', '#b2ddff', 'reads a system and writes records to topics'],
    ['transform', 'Transform', '#fef0c7', 'reshapes each record on its way'],
    ['topic', 'Kafka topic', '#e9d7fe', 'a stream of records between steps'],
    ['window', 'Windowed query', '#fddcab', 'SQL over time windows: topics in, results out'],
    ['sink', 'Sink connector', '#abefc6', 'reads topics and writes a destination'],
    ['table', 'Destination table or file', '#d3f8df', 'where data ends up']
  ];
  var COLORS = {}, NAMES = {};
  KINDS.forEach(function (k) { COLORS[k[0]] = k[2]; NAMES[k[0]] = k[1]; });
  var SVG = 'http://www.w3.org/2000/svg';
  var NODE_W = 230, NODE_H = 46, GAP_X = 70, GAP_Y = 18, PAD = 16;
  var path = location.pathname;
  var url = path.charAt(path.length - 1) === '/' ? 'lineage' : path.substring(path.lastIndexOf('/') + 1) + '/lineage';

  function el(name, attrs, text) {
    var e = document.createElement(name);
    Object.keys(attrs || {}).forEach(function (a) { e.setAttribute(a, attrs[a]); });
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function svg(name, attrs, text) {
    var e = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (a) { e.setAttribute(a, attrs[a]); });
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function short(text, max) { text = String(text); return text.length > max ? text.substring(0, max - 1) + '…' : text; }
  function duration(ms) {
    if (ms === undefined || ms === null || ms < 0) { return 'unknown'; }
    if (ms < 1000) { return ms + ' ms'; }
    var s = ms / 1000;
    if (s < 120) { return (Math.round(s * 10) / 10) + ' s'; }
    var m = s / 60;
    if (m < 120) { return Math.round(m) + ' min'; }
    return (Math.round(m / 6) / 10) + ' h';
  }

  function legend() {
    var box = document.getElementById('legend');
    KINDS.forEach(function (k) {
      var item = el('span', { 'class': 'legend-item', title: k[3] });
      var sw = el('span', { 'class': 'swatch' });
      sw.style.background = k[2];
      item.appendChild(sw);
      item.appendChild(el('span', {}, k[1] + ' — ' + k[3]));
      box.appendChild(item);
    });
    var late = el('span', { 'class': 'legend-item' }, '- - - late records');
    late.style.color = '#dc6803';
    box.appendChild(late);
    box.appendChild(el('span', { 'class': 'legend-item' }, 'Red border: failed connector or broken freshness promise'));
    box.appendChild(el('span', { 'class': 'legend-item' }, 'Dashed border: freshness unknown (a worker does not answer)'));
  }

  // Layers: the longest path from a node without inputs (sources on the left, tables on the right).
  function layers(graph) {
    var incoming = {}, layer = {};
    graph.nodes.forEach(function (n) { incoming[n.id] = []; });
    graph.edges.forEach(function (e) { if (incoming[e.to]) { incoming[e.to].push(e.from); } });
    function depth(id, seen) {
      if (layer[id] !== undefined) { return layer[id]; }
      if (seen[id]) { return 0; }
      seen[id] = true;
      var d = 0;
      incoming[id].forEach(function (from) { d = Math.max(d, depth(from, seen) + 1); });
      delete seen[id];
      layer[id] = d;
      return d;
    }
    graph.nodes.forEach(function (n) { depth(n.id, {}); });
    return layer;
  }

  function draw(graph) {
    var box = document.getElementById('graph');
    while (box.firstChild) { box.removeChild(box.firstChild); }
    var layer = layers(graph), columns = {}, pos = {};
    graph.nodes.forEach(function (n) { (columns[layer[n.id]] = columns[layer[n.id]] || []).push(n); });
    var maxRows = 0, maxLayer = 0;
    Object.keys(columns).forEach(function (l) {
      maxLayer = Math.max(maxLayer, +l);
      maxRows = Math.max(maxRows, columns[l].length);
      columns[l].forEach(function (n, i) {
        pos[n.id] = { x: PAD + l * (NODE_W + GAP_X), y: PAD + i * (NODE_H + GAP_Y) };
      });
    });
    box.setAttribute('width', PAD * 2 + (maxLayer + 1) * (NODE_W + GAP_X));
    box.setAttribute('height', PAD * 2 + Math.max(1, maxRows) * (NODE_H + GAP_Y));
    graph.edges.forEach(function (e) {
      var a = pos[e.from], b = pos[e.to];
      if (!a || !b) { return; }
      var x1 = a.x + NODE_W, y1 = a.y + NODE_H / 2, x2 = b.x, y2 = b.y + NODE_H / 2, mx = (x1 + x2) / 2;
      box.appendChild(svg('path', { 'class': 'edge' + (e.kind === 'late' ? ' late' : ''),
        d: 'M' + x1 + ',' + y1 + ' C' + mx + ',' + y1 + ' ' + mx + ',' + y2 + ' ' + x2 + ',' + y2,
        'marker-end': 'url(#arrow)' }));
    });
    var defs = svg('defs');
    var marker = svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: '10', refY: '5', markerWidth: '7',
      markerHeight: '7', orient: 'auto' });
    marker.appendChild(svg('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#98a2b3' }));
    defs.appendChild(marker);
    box.insertBefore(defs, box.firstChild);
    graph.nodes.forEach(function (n) {
      var p = pos[n.id];
      var cls = 'node kind-' + n.kind;
      if (n.state === 'FAILED') { cls += ' failed'; }
      if (n.freshness && n.freshness.slaState === 'BREACHED') { cls += ' breached'; }
      if (n.freshness && n.freshness.slaState === 'UNKNOWN') { cls += ' unknown'; }
      var g = svg('g', { 'class': cls, 'data-id': n.id, 'data-kind': n.kind, transform: 'translate(' + p.x + ',' + p.y + ')' });
      var title = svg('title', {}, NAMES[n.kind] + ': ' + n.name + (n.namespace ? ' (' + n.namespace + ')' : '')
        + (n.className ? '\n' + n.className : '') + (n.state ? '\nstate: ' + n.state : ''));
      g.appendChild(title);
      var r = svg('rect', { width: NODE_W, height: NODE_H });
      r.style.fill = COLORS[n.kind] || '#eee';
      g.appendChild(r);
      g.appendChild(svg('text', { 'class': 'kind-label', x: 8, y: 15 }, NAMES[n.kind] || n.kind));
      g.appendChild(svg('text', { 'class': 'node-label', x: 8, y: 34 }, short(n.label, 34)));
      box.appendChild(g);
    });
  }

  function freshnessTable(graph) {
    var body = document.querySelector('#freshness tbody');
    while (body.firstChild) { body.removeChild(body.firstChild); }
    var tables = graph.nodes.filter(function (n) { return n.kind === 'table'; });
    if (!tables.length) {
      var row = el('tr');
      row.appendChild(el('td', { colspan: '7' }, 'No destination tables yet.'));
      body.appendChild(row);
    }
    tables.forEach(function (n) {
      var f = n.freshness || {};
      var row = el('tr', { 'data-table': n.name, 'data-connector': n.connector || '' });
      row.appendChild(el('td', { 'class': 'table-name', title: n.namespace }, n.name));
      row.appendChild(el('td', { 'class': 'connector' }, n.connector || ''));
      row.appendChild(el('td', { 'class': 'committed-through' }, f.committedThrough || 'unknown'));
      row.appendChild(el('td', { 'class': 'age' }, duration(f.ageMs)));
      row.appendChild(el('td', { 'class': 'p99' }, duration(f.p99Ms)));
      var state = f.slaState || 'NONE';
      row.appendChild(el('td', { 'class': 'sla' }, f.slaMs >= 0 ? duration(f.slaMs) : state === 'UNKNOWN' ? 'unknown'
        : 'none'));
      var gone = f.unreachableWorkers && f.unreachableWorkers.length
        ? ' (worker ' + f.unreachableWorkers.join(', ') + ' does not answer)' : '';
      row.appendChild(el('td', { 'class': 'sla-state sla-' + state },
        state === 'OK' ? 'OK' : state === 'BREACHED' ? 'BREACHED' + gone : state === 'UNKNOWN' ? 'unknown' + gone
          : 'no SLA'));
      body.appendChild(row);
    });
  }

  function columnLineage(graph) {
    var box = document.getElementById('columns');
    while (box.firstChild) { box.removeChild(box.firstChild); }
    var any = false;
    graph.nodes.forEach(function (n) {
      if (!n.columns) { return; }
      any = true;
      var part = el('div', { 'class': 'columns-of', 'data-transform': n.id });
      part.appendChild(el('h3', {}, n.connector + ' / ' + n.label));
      var table = el('table');
      var head = el('tr');
      ['Column', 'Comes from', 'How'].forEach(function (h) { head.appendChild(el('th', {}, h)); });
      table.appendChild(head);
      n.columns.forEach(function (c) {
        var row = el('tr', { 'data-column': c.name });
        row.appendChild(el('td', {}, c.name));
        row.appendChild(el('td', {}, c.sources.map(function (s) { return s.dataset + '.' + s.field; }).join(', ')));
        row.appendChild(el('td', {}, c.sources.map(function (s) {
          return s.kind === 'IDENTITY' ? 'copied' : s.kind === 'TRANSFORMATION' ? 'computed' : 'decides (CASE)';
        }).join(', ')));
        table.appendChild(row);
      });
      part.appendChild(table);
      if (n.filter && n.filter.length) { part.appendChild(el('p', {}, 'Records kept depending on: ' + n.filter.join(', '))); }
      box.appendChild(part);
    });
    if (!any) { box.appendChild(el('p', {}, 'No SQL transform with known columns.')); }
  }

  function refresh() {
    fetch(url, { cache: 'no-store' }).then(function (r) {
      if (!r.ok) { throw new Error('HTTP ' + r.status); }
      return r.json();
    }).then(function (graph) {
      draw(graph);
      freshnessTable(graph);
      columnLineage(graph);
      var status = document.getElementById('status');
      var workers = graph.workers || [];
      var gone = workers.filter(function (w) { return w.state === 'UNREACHABLE'; });
      status.className = gone.length ? 'error' : '';
      status.textContent = graph.nodes.length + ' boxes, ' + graph.edges.length + ' arrows'
        + (workers.length ? '; freshness from ' + (workers.length - gone.length) + ' of ' + workers.length
          + ' workers' : '') + '; updated ' + new Date(graph.generatedAtMs).toLocaleTimeString()
        + ', refreshes every 5 seconds.'
        + gone.map(function (w) { return ' Not answering: ' + w.error + '.'; }).join('');
      document.body.setAttribute('data-loaded', String(graph.generatedAtMs));
    }).catch(function (e) {
      var status = document.getElementById('status');
      status.className = 'error';
      status.textContent = 'Could not load the lineage (' + e.message + '); retrying.';
    });
  }
  legend();
  refresh();
  setInterval(refresh, 5000);
}());
