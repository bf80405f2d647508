// ferlab's dashboard: plain JavaScript over the gateway's REST API and its Server-Sent Events streams, charts by
// Chart.js (a WebJar the build vendors). Each page holds at most one stream: browsers allow six HTTP/1.1
// connections per host across all tabs, so a stream per experiment would freeze the page and stall other tabs.
// Pages (by URL hash): #/ grids and experiments, #/grid/<id>, #/experiment/<id>, #/new (submit a grid).
'use strict';

const view = document.getElementById('view');
const tokenInput = document.getElementById('api-token');
tokenInput.value = localStorage.getItem('ferlab-token') || '';
tokenInput.addEventListener('change', () => localStorage.setItem('ferlab-token', tokenInput.value.trim()));

const COLORS = ['#2f6fde', '#e08a1e', '#1f9d55', '#9b59b6', '#c0392b', '#16a085'];
const ENDED = ['COMPLETED', 'FAILED', 'CANCELLED'];

let streams = [];            // the current page's EventSource (one at most), closed when the page changes
let charts = [];             // the current page's Chart.js charts, destroyed with it

function closeStreams() {
  streams.forEach(s => s.close());
  streams = [];
  charts.forEach(c => c.destroy());
  charts = [];
}

// Models, transfer modes, preprocessing variants and statuses as the gateway names them (GET /api/vocabulary):
// the page spells none of them.
let vocabularyAnswer;
function vocabulary() {
  vocabularyAnswer = vocabularyAnswer || api('/api/vocabulary').catch(err => { vocabularyAnswer = null; throw err; });
  return vocabularyAnswer;
}
let statusDescriptions = {};

function statusBadge(status, id) {
  return el('span', { class: 'status ' + status, id, title: statusDescriptions[status] }, status);
}

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v; else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null) e.setAttribute(k, v);
  }
  for (const c of children.flat()) e.append(c instanceof Node ? c : document.createTextNode(c ?? ''));
  return e;
}

async function api(path, options = {}) {
  const headers = Object.assign({ 'Accept': 'application/json' }, options.headers || {});
  if (options.body) headers['Content-Type'] = 'application/json';
  if ((options.method || 'GET') !== 'GET' && tokenInput.value.trim()) {
    headers['Authorization'] = 'Bearer ' + tokenInput.value.trim();
  }
  const r = await fetch(path, Object.assign({}, options, { headers }));
  const text = await r.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch (e) { body = { error: text }; }
  if (!r.ok) {
    const fields = (body && body.fields || []).map(f => `${f.field}: ${f.message}`).join('; ');
    throw new Error(`HTTP ${r.status}: ${body && body.error || text}${fields ? ' (' + fields + ')' : ''}`);
  }
  return body;
}

const pct = v => v == null ? '–' : (100 * v).toFixed(1) + '%';
const num = v => v == null ? '–' : Number(v).toFixed(4);

function duration(seconds) {
  if (seconds == null) return '';
  const s = Math.round(seconds);
  return s >= 3600 ? `${Math.floor(s / 3600)}h ${Math.floor(s % 3600 / 60)}m` : s >= 60 ? `${Math.floor(s / 60)}m ${s % 60}s` : `${s}s`;
}

// Since when an experiment has made no progress past its stage's deadline, and how often it was driven on.
function stallNote(u) {
  if (!u.stalledSince && !u.retries) return '';
  const since = u.stalledSince ? `stalled since ${new Date(u.stalledSince).toLocaleTimeString()}` : '';
  const retries = u.retries ? `driven on ${u.retries}×` : '';
  return [since, retries].filter(Boolean).join(', ');
}

// How far an experiment is, as a share of the bar, and what the bar says. Waiting for a trainer is not training:
// the bar says so, with the run's place in the trainers' queue.
function progressOf(u) {
  const status = u.status;
  if (status === 'COMPLETED') return [1, 'completed'];
  if (status === 'FAILED' || status === 'CANCELLED') return [1, status.toLowerCase()];
  if (status === 'EVALUATING') return [0.97, 'evaluating'];
  // Short in the bar (the long form was cut at the bar's width at 27 runs), whole in its tooltip.
  const place = u.queuePosition != null ? ` · #${u.queuePosition}` : '';
  const inQueue = u.queuePosition != null ? `, #${u.queuePosition} in the queue` : '';
  if (status === 'WAITING') return [0.04, 'waiting' + place, 'waiting for a trainer' + inQueue];
  if (status === 'TRAINING' && u.queuePosition != null) {
    return [0.04, 'waiting again' + place, 'waiting for a trainer again' + inQueue];
  }
  if (status === 'TRAINING') {
    const epochs = u.epochs || (u.progress && u.progress.epochs) || 1;
    const epoch = u.epoch ?? (u.progress && u.progress.epoch) ?? 0;
    const eta = u.etaSeconds != null ? ' · ' + duration(u.etaSeconds) + ' left' : '';
    return [0.05 + 0.9 * epoch / epochs, `epoch ${epoch}/${epochs}${eta}`];
  }
  if (status === 'PREPROCESSING') return [0.03, 'preprocessing'];
  return [0, status.toLowerCase()];
}

function progressBar(u) {
  const [share, label, whole] = progressOf(u);
  const stall = u.stalledSince ? ' · ' + stallNote(u) : '';
  return el('div', { class: 'progress ' + u.status + (u.stalledSince ? ' stalled' : ''),
      'data-experiment': u.experimentId || u.id, 'data-share': share.toFixed(3),
      title: whole || (u.trainer && u.status === 'TRAINING' ? 'held by trainer ' + u.trainer : null) },
    el('div', { class: 'fill', style: `width:${(100 * share).toFixed(1)}%` }), el('div', { class: 'label' }, label + stall));
}

// The page's one stream. Once over (isOver: what it follows has ended, and the server closed it) it is closed
// for good, since EventSource would reconnect and replay it; a stream cut short (the gateway restarting) is
// reopened by EventSource itself.
function follow(path, onUpdate, isOver = () => false) {
  const source = new EventSource(path);
  source.onmessage = m => onUpdate(JSON.parse(m.data));
  source.onerror = () => { if (isOver() || source.readyState === EventSource.CLOSED) source.close(); };
  streams.push(source);
}

// ------------------------------------------------------------------ home

// Grids and the latest experiments, kept current by one stream of every experiment's changes.
async function home() {
  const LATEST = 30;
  const grids = await api('/api/grids?limit=20');
  const gridTable = el('table', { id: 'grids' },
    el('tr', {}, ['Grid', 'Runs', 'Statuses', 'Progress', 'Submitted'].map(h => el('th', {}, h))));
  const gridRows = new Map();   // grid id -> { grid, statuses: experiment id -> status, row }
  const addGrid = (g, first) => {
    const entry = { grid: g, statuses: new Map(g.experiments.map(e => [e.id, e.status])), row: el('tr', {}) };
    gridRows.set(g.id, entry);
    renderGridRow(entry);
    if (first) gridTable.firstChild.after(entry.row); else gridTable.append(entry.row);
  };
  grids.forEach(g => addGrid(g, false));
  const header = el('tr', {}, ['Experiment', 'Model', 'Transfer', 'Preprocessing', 'Status', 'Progress', 'Test accuracy'].map(h => el('th', {}, h)));
  const experimentTable = el('table', { id: 'experiments' }, header);
  const rows = new Map();       // experiment id -> row
  view.replaceChildren(
    el('h1', {}, 'Grids'),
    grids.length ? gridTable : el('p', { class: 'muted', id: 'no-grid' }, 'No grid yet: ', el('a', { href: '#/new' }, 'submit one'), '.'),
    el('h2', {}, 'Latest experiments'), experimentTable);
  const asking = new Set();
  follow(`/api/experiments/events?limit=${LATEST}`, u => {
    let row = rows.get(u.experimentId);
    if (!row) {
      row = el('tr', { 'data-experiment': u.experimentId },
        el('td', {}, el('a', { href: '#/experiment/' + u.experimentId }, u.experimentId.slice(0, 8))),
        el('td', {}, u.model), el('td', {}, u.transferMode), el('td', {}, u.variant),
        el('td', { class: 'status-cell' }), el('td', { class: 'progress-cell' }), el('td', { class: 'num test-accuracy' }));
      rows.set(u.experimentId, row);
      header.after(row);          // newest on top: the stream starts with the oldest
      while (rows.size > LATEST) {
        const [oldest] = [...rows.entries()].find(([, r]) => r === experimentTable.lastChild);
        rows.delete(oldest);
        experimentTable.lastChild.remove();
      }
    }
    row.querySelector('.status-cell').replaceChildren(statusBadge(u.status));
    row.querySelector('.progress-cell').replaceChildren(progressBar(u));
    row.querySelector('.test-accuracy').textContent = pct(u.testAccuracy);
    const g = gridRows.get(u.gridId);
    if (g) {
      g.statuses.set(u.experimentId, u.status);
      renderGridRow(g);
    } else if (u.gridId && !asking.has(u.gridId)) {
      // A grid submitted since the page opened: its row, read once.
      asking.add(u.gridId);
      api('/api/grids/' + u.gridId).then(fresh => {
        if (!gridTable.isConnected) { const none = view.querySelector('#no-grid'); if (none) none.replaceWith(gridTable); }
        addGrid(fresh, true);
      }).catch(() => asking.delete(u.gridId));
    }
  });
}

function renderGridRow({ grid, statuses, row }) {
  const counts = {};
  statuses.forEach(s => { counts[s] = (counts[s] || 0) + 1; });
  const done = [...statuses.values()].filter(s => ENDED.includes(s)).length;
  const status = done === grid.size ? (counts.COMPLETED === grid.size ? 'COMPLETED' : 'FAILED') : 'TRAINING';
  row.setAttribute('data-grid', grid.id);
  row.replaceChildren(
    el('td', {}, el('a', { href: '#/grid/' + grid.id, class: 'grid-link' }, grid.name)),
    el('td', { class: 'num' }, String(grid.size)),
    el('td', { class: 'grid-statuses' }, Object.entries(counts).map(([s, n]) => `${n} ${s.toLowerCase()}`).join(', ')),
    el('td', {}, el('div', { class: 'progress ' + status, 'data-share': (done / grid.size).toFixed(3) },
      el('div', { class: 'fill', style: `width:${(100 * done / grid.size).toFixed(1)}%` }),
      el('div', { class: 'label' }, `${done} of ${grid.size} ended`))),
    el('td', { class: 'muted' }, new Date(grid.createdAt).toLocaleString()));
}

// ------------------------------------------------------------------ grid

async function gridPage(id) {
  const grid = await api('/api/grids/' + id);
  const rows = new Map();
  const table = el('table', { id: 'grid-experiments' }, el('tr', {},
    ['', 'Experiment', 'Model', 'Transfer', 'Preprocessing', 'Seed', 'Status', 'Progress', 'Train loss', 'Val. accuracy', 'img/s', 'Test accuracy']
      .map(h => el('th', {}, h))));
  // Tick 2 to 6 completed runs to compare them side by side.
  const compareButton = el('button', { type: 'button', id: 'compare-selected', class: 'secondary', disabled: '' }, 'Compare selected');
  const picked = () => [...table.querySelectorAll('input.pick:checked')].map(b => b.value);
  const updatePick = () => {
    const n = picked().length;
    compareButton.disabled = n < 2 || n > 6;
    compareButton.textContent = n ? `Compare selected (${n})` : 'Compare selected';
  };
  compareButton.onclick = () => { location.hash = '#/compare/' + picked().join(','); };
  for (const e of grid.experiments) {
    const row = el('tr', { 'data-experiment': e.id },
      el('td', {}, el('input', { type: 'checkbox', class: 'pick', value: e.id, onchange: updatePick })),
      el('td', {}, el('a', { href: '#/experiment/' + e.id }, e.id.slice(0, 8))),
      el('td', {}, e.spec.model), el('td', {}, e.spec.transferMode), el('td', {}, e.variant),
      el('td', { class: 'num' }, String(e.spec.seed)),
      el('td', { class: 'status-cell' }, statusBadge(e.status)),
      el('td', { class: 'progress-cell' }, progressBar(e)),
      el('td', { class: 'num loss' }, '–'), el('td', { class: 'num vacc' }, '–'), el('td', { class: 'num ips' }, '–'),
      el('td', { class: 'num test-accuracy' }, e.accuracy && e.accuracy.test != null ? pct(e.accuracy.test) : '–'));
    rows.set(e.id, row);
    table.append(row);
  }
  const chart = el('div', { id: 'comparison' });
  const results = el('div', { id: 'grid-results' });
  view.replaceChildren(
    el('h1', {}, grid.name),
    el('p', { class: 'muted' }, `${grid.size} runs · submitted ${new Date(grid.createdAt).toLocaleString()} · id ${grid.id}`),
    table, el('div', { class: 'actions' }, compareButton),
    el('h2', {}, 'Test accuracy by model × transfer mode × preprocessing'), chart,
    el('h2', {}, 'Table 1'),
    el('p', {}, 'Download: ', ['csv', 'markdown', 'latex'].map(f =>
      el('a', { href: `/api/grids/${id}/results?format=${f}`, class: 'download', style: 'margin-right:12px' }, f))),
    results);
  const refreshResults = async () => {
    const rows = await api(`/api/grids/${id}/results`).catch(e => ({ error: e.message }));
    if (rows.error) { results.replaceChildren(el('p', { class: 'error' }, rows.error)); return; }
    const cells = await api(`/api/grids/${id}/cells`).catch(() => []);
    results.replaceChildren(resultsTable(rows), cellsTable(cells));
    chart.replaceChildren(comparisonChart(rows));
  };
  await refreshResults();
  const statuses = new Map(grid.experiments.map(e => [e.id, e.status]));
  follow(`/api/grids/${id}/events`, u => {
    const row = rows.get(u.experimentId);
    if (!row) return;
    const statusChanged = statuses.get(u.experimentId) !== u.status;
    statuses.set(u.experimentId, u.status);
    row.querySelector('.status-cell').replaceChildren(statusBadge(u.status));
    row.querySelector('.progress-cell').replaceChildren(progressBar(u));
    row.querySelector('.loss').textContent = num(u.trainLoss);
    row.querySelector('.vacc').textContent = pct(u.validationAccuracy);
    row.querySelector('.ips').textContent = u.imagesPerSecond == null ? '–' : u.imagesPerSecond.toFixed(1);
    row.querySelector('.test-accuracy').textContent = pct(u.testAccuracy);
    if (statusChanged) refreshResults();
  }, () => [...statuses.values()].every(s => ENDED.includes(s)));
}

function resultsTable(rows) {
  return el('table', { id: 'table1' },
    el('tr', {}, ['Model', 'Transfer', 'Preprocessing', 'Seed', 'Training', 'Validation', 'Testing', 'Precision', 'Recall', 'F1', 'Status'].map(h => el('th', {}, h))),
    rows.map(r => el('tr', {}, el('td', {}, r.model), el('td', {}, r.transferMode), el('td', {}, r.preprocessing),
      el('td', { class: 'num' }, String(r.seed)),
      [r.trainAccuracy, r.validationAccuracy, r.testAccuracy, r.precision, r.recall, r.f1].map(v => el('td', { class: 'num' }, num(v))),
      el('td', {}, statusBadge(r.status)))));
}

// Cells run with several seeds or folds: mean ± standard deviation and the 95% interval of the mean.
function cellsTable(cells) {
  const many = cells.filter(c => c.runs > 1);
  if (!many.length) return '';
  const fmt = s => s ? `${pct(s.mean)} ± ${(100 * s.sd).toFixed(1)} [${pct(s.low)}, ${pct(s.high)}]` : '–';
  return el('div', {}, el('h3', {}, 'Over seeds and folds'),
    el('table', { id: 'cells' }, el('tr', {}, ['Model', 'Transfer', 'Preprocessing', 'Runs', 'Test accuracy, mean ± sd [95% interval]', 'Macro F1'].map(h => el('th', {}, h))),
      many.map(c => el('tr', {}, el('td', {}, c.model), el('td', {}, c.transferMode), el('td', {}, c.preprocessing),
        el('td', { class: 'num' }, String(c.runs)), el('td', { class: 'num' }, fmt(c.testAccuracy)), el('td', { class: 'num' }, fmt(c.f1))))));
}

// Grouped bars like the study's figures: a group per model × transfer mode, a bar per preprocessing variant (the
// mean test accuracy of the cell's runs), hover for the value and the number of runs.
function comparisonChart(rows) {
  const done = rows.filter(r => r.testAccuracy != null);
  if (!done.length) return el('p', { class: 'muted' }, 'No run evaluated yet.');
  const groups = [...new Set(done.map(r => `${r.model} / ${r.transferMode}`))];
  const variants = [...new Set(done.map(r => r.preprocessing))];
  const cell = (g, v) => done.filter(r => `${r.model} / ${r.transferMode}` === g && r.preprocessing === v);
  const canvas = el('canvas', { id: 'comparison-chart' });
  const box = el('div', { class: 'chart-box', style: `width:${Math.max(480, groups.length * (variants.length * 34 + 40))}px` }, canvas);
  chartOn(canvas, {
    type: 'bar',
    data: {
      labels: groups,
      datasets: variants.map((v, i) => ({
        label: v, backgroundColor: COLORS[i % COLORS.length],
        data: groups.map(g => { const runs = cell(g, v); return runs.length ? runs.reduce((a, r) => a + r.testAccuracy, 0) / runs.length : null; }),
        runs: groups.map(g => cell(g, v).length),
      })),
    },
    options: {
      scales: { y: { min: 0, max: 1, title: { display: true, text: 'test accuracy' }, ticks: { callback: v => pct(v) } } },
      plugins: { tooltip: { callbacks: { label: c => `${c.dataset.label}: ${pct(c.raw)} (${c.dataset.runs[c.dataIndex]} run${c.dataset.runs[c.dataIndex] === 1 ? '' : 's'})` } } },
    },
  });
  return box;
}

// A Chart.js chart on a canvas of the page (destroyed when the page changes), responsive in its box.
function chartOn(canvas, config) {
  // A chart drawn again (the grid's comparison, as runs end) replaces the one whose canvas left the page.
  charts = charts.filter(c => c.canvas.isConnected || c.canvas.id !== canvas.id || (c.destroy(), false));
  config.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false }, config.options);
  const chart = new Chart(canvas, config);
  charts.push(chart);
  return chart;
}

// ------------------------------------------------------------------ experiment

async function experimentPage(id) {
  let e = await api('/api/experiments/' + id);
  const progress = el('div', { id: 'experiment-progress' }, progressBar(e));
  const actions = el('div', { class: 'actions' });
  const message = el('p', { class: 'error' });
  const status = el('p', {});
  const cards = el('div', { class: 'cards' });
  const results = el('div', {});
  const leakage = el('div', {});
  const renderActions = () => {
    actions.replaceChildren();
    if (!ENDED.includes(e.status)) {
      actions.append(el('button', { class: 'secondary', id: 'cancel', onclick: () => api(`/api/experiments/${id}/cancel`, { method: 'POST' })
        .catch(err => message.textContent = err.message) }, 'Cancel'));
    }
    if (['FAILED', 'CANCELLED'].includes(e.status)) {
      // A run that failed with its model stored is evaluated again as itself; any other retry is a new run.
      actions.append(el('button', { onclick: () => api(`/api/experiments/${id}/retry`, { method: 'POST' })
        .then(n => location.hash = '#/experiment/' + n.id).catch(err => message.textContent = err.message) }, 'Retry'));
    }
  };
  const renderStatus = u => status.replaceChildren(statusBadge(u.status, 'experiment-status'), ' ',
    e.failure ? el('span', { class: 'error' }, `${e.failure.stage}: ${e.failure.reason}`) : '',
    stallNote(u) ? el('span', { class: 'muted', id: 'experiment-stall' }, ' ' + stallNote(u)) : '');
  const renderResults = () => {
    const r = e.result;
    cards.replaceChildren(
      ...['train', 'validation', 'test'].map(s => el('div', { class: 'card' }, el('div', { class: 'muted' }, s + ' accuracy'),
        el('div', { class: 'big' }, pct(e.accuracy && e.accuracy[s])))),
      r ? el('div', { class: 'card' }, el('div', { class: 'muted' }, 'test macro F1'), el('div', { class: 'big' }, num(r.macroF1))) : '');
    results.replaceChildren(
      r ? el('h2', {}, 'Confusion matrix (test split)') : '', r ? heatmap(r) : '',
      r ? el('h2', {}, 'Per class (test split)') : '', r ? perClass(r) : '');
    leakage.replaceChildren(leakageWarning(e.leakage));
  };
  const curve = curves(e.curve || []);
  view.replaceChildren(
    el('h1', {}, `Experiment ${id.slice(0, 8)}`),
    el('p', { class: 'muted' }, `${e.spec.model} · transfer ${e.spec.transferMode} · ${e.variant} · ` +
      `${e.spec.epochs} epochs · batch ${e.spec.batchSize} · lr ${e.spec.learningRate} · seed ${e.spec.seed} · ${e.spec.dataset}` +
      (e.gridId ? ' · ' : ''), e.gridId ? el('a', { href: '#/grid/' + e.gridId }, 'its grid') : ''),
    status, progress, actions, message, leakage, cards,
    el('h2', {}, 'Learning curves'), curve.element, results);
  curve.draw();
  renderStatus(e); renderActions(); renderResults();
  if (ENDED.includes(e.status)) return;
  // One stream for the page's life: every change updates the page in place. A new epoch's point comes with the
  // update; the stored record is read again (a plain request) only when the status changes, for what it adds.
  let last = e;
  follow(`/api/experiments/${id}/events`, async u => {
    progress.replaceChildren(progressBar(u));
    renderStatus(u);
    if (u.epoch > curve.epochs()) {
      if (u.epoch === curve.epochs() + 1) curve.add({ epoch: u.epoch, trainLoss: u.trainLoss, validationLoss: u.validationLoss,
        trainAccuracy: u.trainAccuracy, validationAccuracy: u.validationAccuracy });
      else curve.replace((await api('/api/experiments/' + id)).curve || []);
    }
    if (u.status !== last.status) {
      e = await api('/api/experiments/' + id);
      renderStatus(u); renderActions(); renderResults();
    }
    last = u;
  }, () => last.finished);
}

// The shard set's leakage audit, as a warning when held-out images are (near) copies of training images or were
// made into synthetic training images: accuracy on them overstates what the model learnt.
function leakageWarning(audit) {
  if (!audit) return '';
  const parts = [['validation', audit.validation], ['test', audit.test]].filter(([, l]) => l.nearInTraining || l.sourcesOfTrainingSynthetics)
    .map(([name, l]) => `${l.nearInTraining} of ${l.images} ${name} images have a near copy in training` +
      ` (${l.exactInTraining} exact, dHash within ${audit.hammingThreshold} bit)` +
      (l.sourcesOfTrainingSynthetics ? `, ${l.sourcesOfTrainingSynthetics} made synthetic training images` : ''));
  if (!parts.length) return el('p', { class: 'muted', id: 'experiment-leakage' }, 'Leakage audit: no held-out image has a near copy in training.');
  return el('p', { class: 'warning', id: 'experiment-leakage' }, 'Leakage: ' + parts.join('; ') +
    '. Split by subject (preprocessing.groupBy) and balance after the split to measure what the model learnt.');
}

// Loss and accuracy by epoch, train and validation: axes with ticks, hover for every value, drag to zoom
// (double-click resets), and the loss on a log scale at a tick. Points are added in place as epochs finish.
function curves(initial) {
  let points = initial.slice();
  const lossCanvas = el('canvas', { id: 'loss-chart', class: 'curve' });
  const accuracyCanvas = el('canvas', { id: 'accuracy-chart', class: 'curve' });
  const log = el('input', { type: 'checkbox', id: 'loss-log' });
  const empty = el('p', { class: 'muted' }, 'No epoch finished yet.');
  let loss, accuracy;
  const dataset = (label, key, i) => ({ label, key, borderColor: COLORS[i], backgroundColor: COLORS[i], pointRadius: 2,
    data: points.map(c => ({ x: c.epoch, y: c[key] })) });
  const options = y => ({
    interaction: { mode: 'index', intersect: false },
    scales: { x: { type: 'linear', title: { display: true, text: 'epoch' }, ticks: { precision: 0 } }, y },
    plugins: { zoom: { zoom: { drag: { enabled: true }, mode: 'x' } } },
  });
  const refresh = () => {
    empty.hidden = points.length > 0;
    for (const chart of [loss, accuracy]) {
      if (!chart) continue;
      chart.data.datasets.forEach(d => { d.data = points.map(c => ({ x: c.epoch, y: c[d.key] })); });
      chart.update();
    }
  };
  const card = (title, canvas, extra) => el('div', { class: 'card chart-card' }, el('div', {}, title, extra || ''),
    el('div', { class: 'chart-box' }, canvas));
  return {
    element: el('div', {}, empty, el('div', { class: 'cards' },
      card('Loss', lossCanvas, el('label', { class: 'muted', style: 'margin-left:12px' }, log, ' log scale')),
      card('Accuracy', accuracyCanvas))),
    draw() {
      loss = chartOn(lossCanvas, { type: 'line', data: { datasets: [dataset('train', 'trainLoss', 0), dataset('validation', 'validationLoss', 1)] },
        options: options({ type: 'linear', title: { display: true, text: 'loss' } }) });
      accuracy = chartOn(accuracyCanvas, { type: 'line', data: { datasets: [dataset('train', 'trainAccuracy', 0), dataset('validation', 'validationAccuracy', 1)] },
        options: options({ min: 0, max: 1, title: { display: true, text: 'accuracy' }, ticks: { callback: v => pct(v) } }) });
      accuracy.options.plugins.tooltip = { callbacks: { label: c => `${c.dataset.label}: ${pct(c.parsed.y)}` } };
      for (const [chart, canvas] of [[loss, lossCanvas], [accuracy, accuracyCanvas]]) canvas.ondblclick = () => chart.resetZoom();
      log.onchange = () => { loss.options.scales.y.type = log.checked ? 'logarithmic' : 'linear'; loss.update(); };
      refresh();
    },
    epochs: () => points.length,
    add(point) { points.push(point); refresh(); },
    replace(all) { points = all.slice(); refresh(); },
  };
}

// The confusion matrix: each cell's count and its share of the true class's row, shaded by that share, so a
// small class's errors show as plainly as a large one's.
function heatmap(r, id = 'confusion-matrix') {
  const m = r.confusionMatrix;
  return el('table', { class: 'heatmap', id, style: 'width:auto' },
    el('tr', {}, el('th', {}, 'true \\ predicted'), r.classes.map(c => el('th', { title: c }, c.slice(0, 5))), el('th', {}, 'n')),
    m.map((row, i) => {
      const total = row.reduce((a, v) => a + v, 0);
      return el('tr', {}, el('th', {}, r.classes[i]), row.map((v, j) => {
        const share = total ? v / total : 0;
        return el('td', { title: `${r.classes[i]} seen as ${r.classes[j]}: ${v} of ${total} (${pct(share)})`, 'data-share': share.toFixed(3),
          style: `background: rgba(47,111,222,${(0.06 + 0.94 * share).toFixed(2)}); color:${share > 0.5 ? '#fff' : '#1d2430'}` },
          el('div', { class: 'count' }, String(v)), el('div', { class: 'share' }, total ? Math.round(100 * share) + '%' : ''));
      }), el('td', { class: 'num muted' }, String(total)));
    }));
}

function perClass(r) {
  return el('table', { style: 'width:auto' },
    el('tr', {}, ['Class', 'Precision', 'Recall', 'F1', 'Support', 'Predicted'].map(h => el('th', {}, h))),
    r.perClass.map(c => el('tr', {}, el('td', {}, c.label), el('td', { class: 'num' }, num(c.precision)),
      el('td', { class: 'num' }, num(c.recall)), el('td', { class: 'num' }, num(c.f1)),
      el('td', { class: 'num' }, String(c.support)), el('td', { class: 'num' }, String(c.predicted)))));
}

// ------------------------------------------------------------------ compare

// 2 to 6 completed runs side by side: per-class F1, confusion matrices, validation curves overlaid, and for every
// pair McNemar's exact test and the accuracy difference's 95% interval (GET /api/comparisons).
async function comparePage(ids) {
  if (ids.length < 2 || ids.length > 6) throw new Error('compare 2 to 6 runs, got ' + ids.length);
  const runs = await Promise.all(ids.map(id => api('/api/experiments/' + id)));
  const label = (e, i) => `${String.fromCharCode(65 + i)}: ${e.spec.model} ${e.spec.transferMode} ${e.variant} seed ${e.spec.seed}`;
  const notDone = runs.filter(e => !e.result);
  const pairs = [];
  for (let i = 0; i < runs.length; i++) for (let j = i + 1; j < runs.length; j++) pairs.push([i, j]);
  const answers = await Promise.all(pairs.map(([i, j]) =>
    api(`/api/comparisons?a=${ids[i]}&b=${ids[j]}`).catch(err => ({ error: err.message }))));
  const pairTable = el('table', { id: 'compare-pairs', style: 'width:auto' },
    el('tr', {}, ['Pair', 'Test images', 'Accuracy A', 'Accuracy B', 'Difference A − B [95% interval]', 'Only A right', 'Only B right', 'McNemar p'].map(h => el('th', {}, h))),
    pairs.map(([i, j], k) => {
      const c = answers[k];
      const name = `${String.fromCharCode(65 + i)} vs ${String.fromCharCode(65 + j)}`;
      if (c.error) return el('tr', {}, el('td', {}, name), el('td', { colspan: 7, class: 'error' }, c.error));
      const d = c.accuracyDifference;
      return el('tr', { 'data-pair': name }, el('td', {}, name), el('td', { class: 'num' }, String(c.testImages)),
        el('td', { class: 'num' }, pct(c.accuracyA)), el('td', { class: 'num' }, pct(c.accuracyB)),
        el('td', { class: 'num' }, `${(100 * d.estimate).toFixed(1)} pts [${(100 * d.low).toFixed(1)}, ${(100 * d.high).toFixed(1)}]`),
        el('td', { class: 'num' }, String(c.mcnemar.onlyA)), el('td', { class: 'num' }, String(c.mcnemar.onlyB)),
        el('td', { class: 'num p-value' }, c.mcnemar.pValue.toPrecision(3)));
    }));
  const classes = [...new Set(runs.flatMap(e => e.result ? e.result.perClass.map(c => c.label) : []))];
  const f1Table = el('table', { id: 'compare-f1', style: 'width:auto' },
    el('tr', {}, el('th', {}, 'F1 (test)'), runs.map((e, i) => el('th', {}, String.fromCharCode(65 + i)))),
    classes.map(c => el('tr', {}, el('td', {}, c), runs.map(e => {
      const m = e.result && e.result.perClass.find(x => x.label === c);
      return el('td', { class: 'num' }, m ? num(m.f1) : '–');
    }))),
    el('tr', {}, el('th', {}, 'macro F1'), runs.map(e => el('th', { class: 'num' }, e.result ? num(e.result.macroF1) : '–'))));
  view.replaceChildren(
    el('h1', {}, `Comparing ${runs.length} runs`),
    el('ul', {}, runs.map((e, i) => el('li', {}, el('a', { href: '#/experiment/' + e.id }, label(e, i)),
      e.leakage && (e.leakage.test.nearInTraining || e.leakage.test.sourcesOfTrainingSynthetics) ? el('span', { class: 'error' }, ' (its shard set leaks: see the run)') : ''))),
    notDone.length ? el('p', { class: 'error' }, `${notDone.length} of them have no test results yet.`) : '',
    el('h2', {}, 'Pairs: McNemar\'s exact test and the accuracy difference'), pairTable,
    el('h2', {}, 'Per class'), f1Table,
    el('h2', {}, 'Validation accuracy by epoch'), overlaidCurves(runs),
    el('h2', {}, 'Confusion matrices (test split)'),
    el('div', { class: 'cards' }, runs.map((e, i) => el('div', { class: 'card' }, el('div', {}, label(e, i)),
      e.result ? heatmap(e.result, 'confusion-' + String.fromCharCode(97 + i)) : el('p', { class: 'muted' }, 'not evaluated')))));
}

function overlaidCurves(runs) {
  const canvas = el('canvas', { id: 'compare-curves' });
  const box = el('div', { class: 'chart-box wide' }, canvas);
  chartOn(canvas, {
    type: 'line',
    data: { datasets: runs.map((e, i) => ({ label: String.fromCharCode(65 + i), borderColor: COLORS[i % COLORS.length],
      backgroundColor: COLORS[i % COLORS.length], pointRadius: 2,
      data: (e.curve || []).filter(c => c.validationAccuracy != null).map(c => ({ x: c.epoch, y: c.validationAccuracy })) })) },
    options: {
      interaction: { mode: 'index', intersect: false },
      scales: { x: { type: 'linear', title: { display: true, text: 'epoch' }, ticks: { precision: 0 } },
        y: { min: 0, max: 1, title: { display: true, text: 'validation accuracy' }, ticks: { callback: v => pct(v) } } },
      plugins: { zoom: { zoom: { drag: { enabled: true }, mode: 'x' } },
        tooltip: { callbacks: { label: c => `${c.dataset.label}: ${pct(c.parsed.y)}` } } },
    },
  });
  return box;
}

// ------------------------------------------------------------------ new grid

async function newGridPage() {
  const box = (name, value, checked) => el('label', {}, el('input', { type: 'checkbox', name, value, checked: checked ? '' : null }), ' ' + value);
  // Models, transfer modes and the variants a grid accepts by name, the study's first, as the gateway names them.
  const words = await vocabulary();
  const models = words.models.slice().sort((a, b) => b.study - a.study).map(m => m.id);
  const variants = words.preprocessing.slice().sort((a, b) => b.study - a.study);
  const ownModel = words.models.find(m => !m.study).id, fromScratch = words.transferModes.find(m => !m.pretrained).id;
  const message = el('p', { id: 'grid-message', class: 'error' });
  // Fine-tuning starts from pretrained weights: say before submitting which ticked models have none.
  const missing = (await api('/api/weights')).filter(w => !w.stored).map(w => w.model);
  const weightsNote = el('p', { id: 'weights-note', class: 'muted' });
  const key = 'dashboard-' + (crypto.randomUUID ? crypto.randomUUID() : Date.now() + '-' + Math.random());
  const form = el('form', { class: 'grid-form', id: 'new-grid-form' },
    el('fieldset', {}, el('legend', {}, 'Data'),
      el('label', {}, 'Dataset ', el('input', { type: 'text', name: 'dataset', value: 'builtin:synthetic-faces' })),
      el('label', {}, 'Name ', el('input', { type: 'text', name: 'name', placeholder: 'optional' }))),
    el('fieldset', {}, el('legend', {}, 'Models'), models.map(m => box('models', m, m === ownModel))),
    el('fieldset', {}, el('legend', {}, 'Transfer modes'), words.transferModes.map(m => box('transferModes', m.id, m.id === fromScratch))),
    el('fieldset', {}, el('legend', {}, 'Preprocessing'), variants.map((v, i) => box('preprocessing', v.id, i === 0))),
    el('fieldset', {}, el('legend', {}, 'Training'),
      el('label', {}, 'Seeds ', el('input', { type: 'text', name: 'seeds', value: '42' })),
      el('label', {}, 'Epochs ', el('input', { type: 'number', name: 'epochs', value: '5', min: '1' })),
      el('label', {}, 'Batch size ', el('input', { type: 'number', name: 'batchSize', value: '32', min: '1' })),
      el('label', {}, 'Batches per epoch (0: all) ', el('input', { type: 'number', name: 'maxBatchesPerEpoch', value: '0', min: '0' }))),
    el('fieldset', {}, el('legend', {}, 'Pretrained weights'), weightsNote,
      el('label', {}, el('input', { type: 'checkbox', name: 'skipMissingWeights', id: 'skip-missing-weights' }),
        ' Leave out the partial and full runs of models without weights')),
    el('p', {}, el('button', { type: 'submit', id: 'grid-submit' }, 'Submit grid'), ' ',
      el('button', { type: 'button', class: 'secondary', id: 'grid-submit-paper', onclick: () => submitGrid(form, key, message, 'paper') }, 'Submit the study\'s 27 runs')),
    message);
  const noteWeights = () => {
    const data = new FormData(form);
    const tuning = data.getAll('transferModes').some(m => m !== fromScratch);
    const lacking = data.getAll('models').filter(m => missing.includes(m));
    const study = words.models.filter(m => m.study && missing.includes(m.id)).map(m => m.id);
    weightsNote.className = tuning && lacking.length ? 'error' : 'muted';
    weightsNote.textContent = tuning && lacking.length
      ? `partial and full start from pretrained weights, and none are stored for ${lacking.join(', ')}: import them first `
        + `(./ferlab weights import MODEL FILE.safetensors, README "Pretrained weights"), or leave those runs out below.`
      : study.length ? `No pretrained weights for ${study.join(', ')}: their partial and full runs (and 18 of the study's 27) `
        + `need them imported first (./ferlab weights import MODEL FILE.safetensors).`
        : 'Pretrained weights are stored for every study model.';
  };
  form.addEventListener('change', noteWeights);
  noteWeights();
  form.addEventListener('submit', ev => { ev.preventDefault(); submitGrid(form, key, message); });
  view.replaceChildren(el('h1', {}, 'New grid'),
    el('p', { class: 'muted' }, 'The product of the ticked models, transfer modes, preprocessing variants and seeds. Submitting needs the API token (top right).'),
    form);
}

async function submitGrid(form, key, message, preset) {
  const data = new FormData(form);
  const body = {
    name: data.get('name') || undefined, dataset: data.get('dataset'),
    models: preset ? undefined : data.getAll('models'),
    transferModes: preset ? undefined : data.getAll('transferModes'),
    preprocessing: preset ? undefined : data.getAll('preprocessing'),
    seeds: String(data.get('seeds')).split(',').map(s => s.trim()).filter(Boolean).map(Number),
    epochs: Number(data.get('epochs')), batchSize: Number(data.get('batchSize')),
    maxBatchesPerEpoch: Number(data.get('maxBatchesPerEpoch')), preset,
    skipMissingWeights: data.get('skipMissingWeights') ? true : undefined,
  };
  try {
    const grid = await api('/api/grids', { method: 'POST', body: JSON.stringify(body), headers: { 'Idempotency-Key': key + (preset || '') } });
    location.hash = '#/grid/' + grid.id;
  } catch (err) {
    message.textContent = err.message;
  }
}

// ------------------------------------------------------------------ routing

async function route() {
  closeStreams();
  const [, page, id] = (location.hash || '#/').split('/');
  try {
    statusDescriptions = Object.fromEntries((await vocabulary()).statuses.map(s => [s.id, s.description]));
    if (page === 'grid' && id) await gridPage(id);
    else if (page === 'experiment' && id) await experimentPage(id);
    else if (page === 'new') await newGridPage();
    else if (page === 'compare' && id) await comparePage(id.split(','));
    else await home();
  } catch (err) {
    view.replaceChildren(el('p', { class: 'error' }, err.message));
  }
}
window.addEventListener('hashchange', route);
route();
