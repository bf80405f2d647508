// ferlab's dashboard: plain JavaScript over the gateway's REST API and its Server-Sent Events streams.
// Pages (by URL hash): #/ grids and experiments, #/grid/<id>, #/experiment/<id>, #/new (submit a grid).
'use strict';

const view = document.getElementById('view');
const tokenInput = document.getElementById('api-token');
tokenInput.value = localStorage.getItem('ferlab-token') || '';
tokenInput.addEventListener('change', () => localStorage.setItem('ferlab-token', tokenInput.value.trim()));

const MODELS = ['resnet50', 'vgg16', 'mobilenetv3-large', 'small-cnn'];
const MODES = ['none', 'partial', 'full'];
const COLORS = ['#2f6fde', '#e08a1e', '#1f9d55', '#9b59b6', '#c0392b', '#16a085'];

let streams = [];            // open EventSources of the current page, closed when the page changes

function closeStreams() {
  streams.forEach(s => s.close());
  streams = [];
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

// How far an experiment is, as a share of the bar, and what the bar says.
function progressOf(u) {
  const status = u.status;
  if (status === 'COMPLETED') return [1, 'completed'];
  if (status === 'FAILED' || status === 'CANCELLED') return [1, status.toLowerCase()];
  if (status === 'EVALUATING') return [0.97, 'evaluating'];
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
  const [share, label] = progressOf(u);
  const stall = u.stalledSince ? ' · ' + stallNote(u) : '';
  return el('div', { class: 'progress ' + u.status + (u.stalledSince ? ' stalled' : ''),
      'data-experiment': u.experimentId || u.id, 'data-share': share.toFixed(3) },
    el('div', { class: 'fill', style: `width:${(100 * share).toFixed(1)}%` }), el('div', { class: 'label' }, label + stall));
}

function follow(path, onUpdate) {
  const source = new EventSource(path);
  source.onmessage = m => onUpdate(JSON.parse(m.data));
  source.onerror = () => { if (source.readyState === EventSource.CLOSED) source.close(); };
  streams.push(source);
}

// ------------------------------------------------------------------ home

async function home() {
  const [grids, experiments] = await Promise.all([api('/api/grids?limit=20'), api('/api/experiments?limit=30')]);
  const gridRows = grids.map(g => {
    const done = (g.statuses.COMPLETED || 0) + (g.statuses.FAILED || 0) + (g.statuses.CANCELLED || 0);
    const status = done === g.size ? (g.statuses.COMPLETED === g.size ? 'COMPLETED' : 'FAILED') : 'TRAINING';
    return el('tr', {},
      el('td', {}, el('a', { href: '#/grid/' + g.id, class: 'grid-link' }, g.name)),
      el('td', { class: 'num' }, String(g.size)),
      el('td', {}, Object.entries(g.statuses).map(([s, n]) => `${n} ${s.toLowerCase()}`).join(', ')),
      el('td', {}, el('div', { class: 'progress ' + status },
        el('div', { class: 'fill', style: `width:${(100 * done / g.size).toFixed(1)}%` }),
        el('div', { class: 'label' }, `${done} of ${g.size} ended`))),
      el('td', { class: 'muted' }, new Date(g.createdAt).toLocaleString()));
  });
  const experimentRows = experiments.map(e => el('tr', {},
    el('td', {}, el('a', { href: '#/experiment/' + e.id }, e.id.slice(0, 8))),
    el('td', {}, e.spec.model), el('td', {}, e.spec.transferMode), el('td', {}, e.variant),
    el('td', {}, el('span', { class: 'status ' + e.status }, e.status)),
    el('td', {}, progressBar(e)),
    el('td', { class: 'num' }, pct(e.accuracy && e.accuracy.test))));
  view.replaceChildren(
    el('h1', {}, 'Grids'),
    grids.length ? el('table', { id: 'grids' }, el('tr', {}, ['Grid', 'Runs', 'Statuses', 'Progress', 'Submitted'].map(h => el('th', {}, h))), gridRows)
      : el('p', { class: 'muted' }, 'No grid yet: ', el('a', { href: '#/new' }, 'submit one'), '.'),
    el('h2', {}, 'Latest experiments'),
    el('table', { id: 'experiments' }, el('tr', {}, ['Experiment', 'Model', 'Transfer', 'Preprocessing', 'Status', 'Progress', 'Test accuracy'].map(h => el('th', {}, h))), experimentRows));
  experiments.filter(e => !['COMPLETED', 'FAILED', 'CANCELLED'].includes(e.status)).forEach(e =>
    follow(`/api/experiments/${e.id}/events`, u => {
      const old = view.querySelector(`.progress[data-experiment="${u.experimentId}"]`);
      if (old) old.replaceWith(progressBar(u));
    }));
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
      el('td', { class: 'status-cell' }, el('span', { class: 'status ' + e.status }, e.status)),
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
    row.querySelector('.status-cell').replaceChildren(el('span', { class: 'status ' + u.status }, u.status));
    row.querySelector('.progress-cell').replaceChildren(progressBar(u));
    row.querySelector('.loss').textContent = num(u.trainLoss);
    row.querySelector('.vacc').textContent = pct(u.validationAccuracy);
    row.querySelector('.ips').textContent = u.imagesPerSecond == null ? '–' : u.imagesPerSecond.toFixed(1);
    row.querySelector('.test-accuracy').textContent = pct(u.testAccuracy);
    if (statusChanged) refreshResults();
  });
}

function resultsTable(rows) {
  return el('table', { id: 'table1' },
    el('tr', {}, ['Model', 'Transfer', 'Preprocessing', 'Seed', 'Training', 'Validation', 'Testing', 'Precision', 'Recall', 'F1', 'Status'].map(h => el('th', {}, h))),
    rows.map(r => el('tr', {}, el('td', {}, r.model), el('td', {}, r.transferMode), el('td', {}, r.preprocessing),
      el('td', { class: 'num' }, String(r.seed)),
      [r.trainAccuracy, r.validationAccuracy, r.testAccuracy, r.precision, r.recall, r.f1].map(v => el('td', { class: 'num' }, num(v))),
      el('td', {}, el('span', { class: 'status ' + r.status }, r.status)))));
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

// Grouped bars like the study's figures: a group per model × transfer mode, a bar per preprocessing variant.
function comparisonChart(rows) {
  const done = rows.filter(r => r.testAccuracy != null);
  if (!done.length) return el('p', { class: 'muted' }, 'No run evaluated yet.');
  const groups = [...new Set(done.map(r => `${r.model} / ${r.transferMode}`))];
  const variants = [...new Set(done.map(r => r.preprocessing))];
  const W = Math.max(420, groups.length * (variants.length * 26 + 30) + 60), H = 240, top = 10, bottom = 40, left = 40;
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('width', W); svg.setAttribute('height', H); svg.setAttribute('id', 'comparison-chart');
  const add = (tag, attrs, text) => {
    const n = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
    if (text != null) n.textContent = text;
    svg.append(n); return n;
  };
  const y = v => top + (H - top - bottom) * (1 - v);
  for (const t of [0, 0.25, 0.5, 0.75, 1]) {
    add('line', { x1: left, x2: W, y1: y(t), y2: y(t), stroke: '#e6eaf0' });
    add('text', { x: 4, y: y(t) + 4 }, (100 * t) + '%');
  }
  groups.forEach((g, gi) => {
    const x0 = left + 20 + gi * (variants.length * 26 + 30);
    variants.forEach((v, vi) => {
      const runs = done.filter(r => `${r.model} / ${r.transferMode}` === g && r.preprocessing === v);
      if (!runs.length) return;
      const mean = runs.reduce((s, r) => s + r.testAccuracy, 0) / runs.length;
      const bar = add('rect', { x: x0 + vi * 26, y: y(mean), width: 22, height: y(0) - y(mean), fill: COLORS[vi % COLORS.length], class: 'bar' });
      const title = document.createElementNS('http://www.w3.org/2000/svg', 'title');
      title.textContent = `${g} / ${v}: ${pct(mean)}`; bar.append(title);
    });
    add('text', { x: x0, y: H - bottom + 16 }, g);
  });
  return el('div', {}, svg, el('div', { class: 'legend' }, variants.map((v, i) =>
    el('span', {}, el('i', { style: `background:${COLORS[i % COLORS.length]}` }), v))));
}

// ------------------------------------------------------------------ experiment

async function experimentPage(id) {
  const e = await api('/api/experiments/' + id);
  const progress = el('div', { id: 'experiment-progress' }, progressBar(e));
  const actions = el('div', { class: 'actions' });
  const message = el('p', { class: 'error' });
  if (!['COMPLETED', 'FAILED', 'CANCELLED'].includes(e.status)) {
    actions.append(el('button', { class: 'secondary', onclick: () => api(`/api/experiments/${id}/cancel`, { method: 'POST' })
      .then(() => route()).catch(err => message.textContent = err.message) }, 'Cancel'));
  }
  if (['FAILED', 'CANCELLED'].includes(e.status)) {
    // A run that failed with its model stored is evaluated again as itself; any other retry is a new run.
    actions.append(el('button', { onclick: () => api(`/api/experiments/${id}/retry`, { method: 'POST' })
      .then(n => location.hash = '#/experiment/' + n.id).catch(err => message.textContent = err.message) }, 'Retry'));
  }
  const r = e.result;
  const cards = el('div', { class: 'cards' },
    ['train', 'validation', 'test'].map(s => el('div', { class: 'card' }, el('div', { class: 'muted' }, s + ' accuracy'),
      el('div', { class: 'big' }, pct(e.accuracy && e.accuracy[s])))),
    r ? el('div', { class: 'card' }, el('div', { class: 'muted' }, 'test macro F1'), el('div', { class: 'big' }, num(r.macroF1))) : '');
  view.replaceChildren(
    el('h1', {}, `Experiment ${id.slice(0, 8)}`),
    el('p', { class: 'muted' }, `${e.spec.model} · transfer ${e.spec.transferMode} · ${e.variant} · ` +
      `${e.spec.epochs} epochs · batch ${e.spec.batchSize} · lr ${e.spec.learningRate} · seed ${e.spec.seed} · ${e.spec.dataset}` +
      (e.gridId ? ' · ' : ''), e.gridId ? el('a', { href: '#/grid/' + e.gridId }, 'its grid') : ''),
    el('p', {}, el('span', { class: 'status ' + e.status, id: 'experiment-status' }, e.status), ' ',
      e.failure ? el('span', { class: 'error' }, `${e.failure.stage}: ${e.failure.reason}`) : '',
      stallNote(e) ? el('span', { class: 'muted', id: 'experiment-stall' }, ' ' + stallNote(e)) : ''),
    progress, actions, message, leakageWarning(e.leakage), cards,
    el('h2', {}, 'Learning curves'), curves(e.curve || []),
    r ? el('h2', {}, 'Confusion matrix (test split)') : '', r ? heatmap(r) : '',
    r ? el('h2', {}, 'Per class (test split)') : '', r ? perClass(r) : '');
  if (!['COMPLETED', 'FAILED', 'CANCELLED'].includes(e.status)) {
    follow(`/api/experiments/${id}/events`, u => {
      progress.replaceChildren(progressBar(u));
      if (u.finished || (u.epoch && u.epoch !== (e.curve || []).length)) { closeStreams(); route(); }
    });
  }
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

function curves(curve) {
  if (!curve.length) return el('p', { class: 'muted' }, 'No epoch finished yet.');
  const chart = (title, series) => {
    const W = 420, H = 200, left = 40, bottom = 24, top = 10;
    const values = series.flatMap(s => curve.map(c => c[s.key])).filter(v => v != null);
    const max = Math.max(...values, 1e-9), min = Math.min(0, ...values);
    const x = i => left + (W - left - 10) * (curve.length === 1 ? 0.5 : i / (curve.length - 1));
    const y = v => top + (H - top - bottom) * (1 - (v - min) / (max - min || 1));
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('width', W); svg.setAttribute('height', H); svg.setAttribute('class', 'curve');
    const add = (tag, attrs, text) => {
      const n = document.createElementNS('http://www.w3.org/2000/svg', tag);
      for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
      if (text != null) n.textContent = text; svg.append(n); return n;
    };
    add('text', { x: left, y: H - 6 }, `epochs 1–${curve.length}`);
    add('text', { x: 2, y: top + 8 }, max.toFixed(2)); add('text', { x: 2, y: H - bottom }, min.toFixed(2));
    series.forEach((s, i) => {
      const pts = curve.map((c, j) => c[s.key] == null ? null : `${x(j)},${y(c[s.key])}`).filter(Boolean).join(' ');
      add('polyline', { points: pts, fill: 'none', stroke: COLORS[i], 'stroke-width': 2 });
    });
    return el('div', { class: 'card' }, el('div', {}, title), svg, el('div', { class: 'legend' },
      series.map((s, i) => el('span', {}, el('i', { style: `background:${COLORS[i]}` }), s.name))));
  };
  return el('div', { class: 'cards' },
    chart('Loss', [{ key: 'trainLoss', name: 'train' }, { key: 'validationLoss', name: 'validation' }]),
    chart('Accuracy', [{ key: 'trainAccuracy', name: 'train' }, { key: 'validationAccuracy', name: 'validation' }]));
}

function heatmap(r, id = 'confusion-matrix') {
  const m = r.confusionMatrix;
  const max = Math.max(1, ...m.flat());
  return el('table', { class: 'heatmap', id, style: 'width:auto' },
    el('tr', {}, el('th', {}, 'true \\ predicted'), r.classes.map(c => el('th', {}, c.slice(0, 5)))),
    m.map((row, i) => el('tr', {}, el('th', {}, r.classes[i]), row.map(v => {
      const a = v / max;
      return el('td', { style: `background: rgba(47,111,222,${(0.08 + 0.92 * a).toFixed(2)}); color:${a > 0.5 ? '#fff' : '#1d2430'}` }, String(v));
    }))));
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
  const W = 520, H = 220, left = 40, bottom = 24, top = 10;
  const epochs = Math.max(1, ...runs.map(e => (e.curve || []).length));
  const x = i => left + (W - left - 10) * (epochs === 1 ? 0.5 : i / (epochs - 1));
  const y = v => top + (H - top - bottom) * (1 - v);
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('width', W); svg.setAttribute('height', H); svg.setAttribute('id', 'compare-curves');
  const add = (tag, attrs, text) => {
    const n = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
    if (text != null) n.textContent = text; svg.append(n); return n;
  };
  add('text', { x: left, y: H - 6 }, `epochs 1–${epochs}`);
  add('text', { x: 2, y: top + 8 }, '100%'); add('text', { x: 2, y: H - bottom }, '0%');
  runs.forEach((e, i) => {
    const pts = (e.curve || []).map((c, j) => c.validationAccuracy == null ? null : `${x(j)},${y(c.validationAccuracy)}`).filter(Boolean).join(' ');
    add('polyline', { points: pts, fill: 'none', stroke: COLORS[i % COLORS.length], 'stroke-width': 2, class: 'run-curve' });
  });
  return el('div', {}, svg, el('div', { class: 'legend' }, runs.map((e, i) =>
    el('span', {}, el('i', { style: `background:${COLORS[i % COLORS.length]}` }), String.fromCharCode(65 + i)))));
}

// ------------------------------------------------------------------ new grid

async function newGridPage() {
  const box = (name, value, checked) => el('label', {}, el('input', { type: 'checkbox', name, value, checked: checked ? '' : null }), ' ' + value);
  // The variants a grid accepts by name, the study's first, as the gateway lists them.
  const variants = (await api('/api/preprocessing-variants')).sort((a, b) => b.study - a.study);
  const message = el('p', { id: 'grid-message', class: 'error' });
  // Fine-tuning starts from pretrained weights: say before submitting which ticked models have none.
  const missing = (await api('/api/weights')).filter(w => !w.stored).map(w => w.model);
  const weightsNote = el('p', { id: 'weights-note', class: 'muted' });
  const key = 'dashboard-' + (crypto.randomUUID ? crypto.randomUUID() : Date.now() + '-' + Math.random());
  const form = el('form', { class: 'grid-form', id: 'new-grid-form' },
    el('fieldset', {}, el('legend', {}, 'Data'),
      el('label', {}, 'Dataset ', el('input', { type: 'text', name: 'dataset', value: 'builtin:synthetic-faces' })),
      el('label', {}, 'Name ', el('input', { type: 'text', name: 'name', placeholder: 'optional' }))),
    el('fieldset', {}, el('legend', {}, 'Models'), MODELS.map(m => box('models', m, m === 'small-cnn'))),
    el('fieldset', {}, el('legend', {}, 'Transfer modes'), MODES.map(m => box('transferModes', m, m === 'none'))),
    el('fieldset', {}, el('legend', {}, 'Preprocessing'), variants.map(v => box('preprocessing', v.id, v.id === 'raw'))),
    el('fieldset', {}, el('legend', {}, 'Training'),
      el('label', {}, 'Seeds ', el('input', { type: 'text', name: 'seeds', value: '42' })),
      el('label', {}, 'Epochs ', el('input', { type: 'number', name: 'epochs', value: '5', min: '1' })),
      el('label', {}, 'Batch size ', el('input', { type: 'number', name: 'batchSize', value: '32', min: '1' })),
      el('label', {}, 'Batches per epoch (0: all) ', el('input', { type: 'number', name: 'maxBatchesPerEpoch', value: '0', min: '0' }))),
    el('fieldset', {}, el('legend', {}, 'Pretrained weights'), weightsNote,
      el('label', {}, el('input', { type: 'checkbox', name: 'skipMissingWeights', id: 'skip-missing-weights' }),
        ' Leave out the partial and full runs of models without weights')),
    el('p', {}, el('button', { type: 'submit', id: 'grid-submit' }, 'Submit grid'), ' ',
      el('button', { type: 'button', class: 'secondary', onclick: () => submitGrid(form, key, message, 'paper') }, 'Submit the study\'s 27 runs')),
    message);
  const noteWeights = () => {
    const data = new FormData(form);
    const tuning = data.getAll('transferModes').some(m => m !== 'none');
    const lacking = data.getAll('models').filter(m => missing.includes(m));
    const study = MODELS.filter(m => m !== 'small-cnn' && missing.includes(m));
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
