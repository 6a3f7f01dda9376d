// The Gristmill dashboard: a small single-page app over the REST API. It signs in once (POST /ui/session
// trades a token for an HttpOnly session cookie), sends the CSRF token on every state change, builds the DOM
// with textContent only (no HTML from data), and follows running jobs through server-sent events.
'use strict';

const state = { session: null, timers: [], source: null };

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

class ApiError extends Error {
  constructor(status, detail) { super(detail); this.status = status; }
}

async function api(path, options = {}) {
  const headers = Object.assign({ 'Accept': 'application/json' }, options.headers || {});
  const method = options.method || 'GET';
  if (method !== 'GET' && state.session && state.session.csrfToken) {
    headers[state.session.csrfHeader] = state.session.csrfToken;
  }
  const response = await fetch(path, { method, headers, body: options.body, credentials: 'same-origin' });
  if (response.status === 401 && !path.startsWith('/ui/session')) {
    state.session = null;
    location.hash = '#/signin';
    throw new ApiError(401, 'Please sign in.');
  }
  const type = response.headers.get('Content-Type') || '';
  const body = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) {
    throw new ApiError(response.status, (body && body.detail) || response.statusText);
  }
  return body;
}

function clearTimers() {
  state.timers.forEach(clearInterval);
  state.timers = [];
  if (state.source) { state.source.close(); state.source = null; }
}

function every(ms, fn) { state.timers.push(setInterval(fn, ms)); }

function mount(...nodes) {
  const main = document.getElementById('main');
  main.replaceChildren(...nodes);
}

function formatDuration(ms) {
  if (ms === null || ms === undefined || ms < 0) return '–';
  const s = Math.round(ms / 1000);
  if (s < 60) return s + ' s';
  const m = Math.floor(s / 60);
  if (m < 60) return m + ' min ' + (s % 60) + ' s';
  return Math.floor(m / 60) + ' h ' + (m % 60) + ' min';
}

function jobDuration(job) {
  if (!job.startedAt) return null;
  const end = job.finishedAt ? Date.parse(job.finishedAt) : Date.now();
  return end - Date.parse(job.startedAt);
}

function formatTime(iso) { return iso ? new Date(iso).toLocaleString() : '–'; }

function formatBytes(n) {
  if (n === null || n === undefined) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return (i === 0 ? n : n.toFixed(1)) + ' ' + units[i];
}

function badge(status) { return h('span', { class: 'badge ' + status, text: status }); }

function progressBar(phase, label) {
  const total = Math.max(phase.total, 1);
  const done = 100 * phase.succeeded / total;
  const running = 100 * phase.running / total;
  const bar = h('div', { class: 'bar', role: 'progressbar', 'aria-label': label, 'aria-valuemin': '0',
    'aria-valuemax': String(phase.total), 'aria-valuenow': String(phase.succeeded) },
    h('span', { class: 'done' }), h('span', { class: 'running' }));
  bar.children[0].style.width = done + '%';
  bar.children[1].style.left = done + '%';
  bar.children[1].style.width = running + '%';
  return h('div', {}, bar, h('div', { class: 'bar-label', text: `${label} ${phase.succeeded}/${phase.total}` +
    (phase.running ? `, ${phase.running} running` : '') + (phase.failed ? `, ${phase.failed} failed attempts` : '') }));
}

function isActive(job) { return job.status === 'PENDING' || job.status === 'RUNNING'; }

// ---- sign in -------------------------------------------------------------------------------------------

async function loadSession() {
  state.session = await api('/ui/session');
  const signedIn = !!state.session.principal;
  document.getElementById('nav').hidden = !signedIn;
  document.getElementById('who').hidden = !signedIn;
  document.getElementById('principal').textContent = signedIn
    ? `${state.session.principal} (${state.session.role})` : '';
  return signedIn;
}

function signInPage() {
  const error = h('p', { class: 'error', role: 'alert' });
  const input = h('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'current-password',
    required: true, placeholder: 'gm_…' });
  const form = h('form', { onsubmit: async (e) => {
    e.preventDefault();
    error.textContent = '';
    try {
      await api('/ui/session', { method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ token: input.value }) });
      await loadSession();
      location.hash = '#/jobs';
    } catch (err) {
      error.textContent = err.message;
      await loadSession().catch(() => {});
    }
  } },
  h('label', { for: 'token' }, 'API token', input),
  h('button', { type: 'submit' }, 'Sign in'), error);
  mount(h('section', { class: 'signin panel' }, h('h1', {}, 'Sign in to Gristmill'),
    h('p', { class: 'muted' }, 'Paste an API token. The local platform writes its admin token to the state ' +
      'directory; an admin can make more with POST /api/v1/tokens.'), form));
  input.focus();
}

// ---- jobs list -----------------------------------------------------------------------------------------

function jobsPage(params) {
  const statusSelect = h('select', { id: 'f-status', name: 'status' },
    h('option', { value: '' }, 'any'), ...['PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED']
      .map(s => h('option', { value: s, selected: params.get('status') === s }, s)));
  const typeInput = h('input', { id: 'f-type', name: 'type', value: params.get('type') || '', size: 10 });
  const ownerInput = h('input', { id: 'f-owner', name: 'owner', value: params.get('owner') || '', size: 10 });
  const search = h('input', { id: 'f-search', type: 'search', placeholder: 'id, type or owner', size: 16 });
  const body = h('tbody');
  const summary = h('p', { class: 'muted', 'aria-live': 'polite' });
  const pager = h('div', { class: 'pager' });
  let tokens = [''];
  let page = 0;
  let jobs = [];

  const render = () => {
    const q = search.value.trim().toLowerCase();
    const shown = jobs.filter(j => !q || [j.id, j.type, j.owner].some(v => v.toLowerCase().includes(q)));
    body.replaceChildren(...shown.map(j => h('tr', {},
      h('td', { class: 'mono' }, h('a', { href: '#/jobs/' + j.id }, j.id.slice(0, 8))),
      h('td', { class: 'hide-narrow' }, j.type), h('td', { class: 'hide-narrow' }, j.owner), h('td', {}, badge(j.status)),
      h('td', { class: 'hide-narrow mono' }, String(j.priority)),
      h('td', {}, progressBar(j.progress.map, 'map')), h('td', {}, progressBar(j.progress.reduce, 'reduce')),
      h('td', { class: 'hide-narrow' }, formatDuration(jobDuration(j))),
      h('td', { class: 'hide-narrow' }, formatTime(j.submittedAt)))));
    if (!shown.length) body.append(h('tr', {}, h('td', { colspan: 9, class: 'muted' }, 'No jobs.')));
  };

  const load = async () => {
    const query = new URLSearchParams();
    if (statusSelect.value) query.set('status', statusSelect.value);
    if (typeInput.value.trim()) query.set('type', typeInput.value.trim());
    if (ownerInput.value.trim()) query.set('owner', ownerInput.value.trim());
    query.set('pageSize', '25');
    if (tokens[page]) query.set('pageToken', tokens[page]);
    try {
      const result = await api('/api/v1/jobs?' + query);
      jobs = result.jobs;
      tokens[page + 1] = result.nextPageToken;
      summary.textContent = `${result.total} job${result.total === 1 ? '' : 's'}`;
      pager.replaceChildren(
        h('button', { type: 'button', class: 'secondary', disabled: page === 0,
          onclick: () => { page--; load(); } }, '← Newer'),
        h('button', { type: 'button', class: 'secondary', disabled: !result.nextPageToken,
          onclick: () => { page++; load(); } }, 'Older →'));
      render();
    } catch (err) { summary.textContent = err.message; }
  };

  const filters = h('form', { class: 'filters', role: 'search', onsubmit: (e) => { e.preventDefault();
    tokens = ['']; page = 0; load(); } },
    h('label', { for: 'f-status' }, 'Status', statusSelect), h('label', { for: 'f-type' }, 'Type', typeInput),
    state.session.role === 'admin' ? h('label', { for: 'f-owner' }, 'Owner', ownerInput) : null,
    h('button', { type: 'submit' }, 'Filter'),
    h('label', { for: 'f-search' }, 'Search this page', search));
  search.addEventListener('input', render);
  statusSelect.addEventListener('change', () => { tokens = ['']; page = 0; load(); });

  mount(h('h1', {}, 'Jobs', h('a', { href: '#/submit', class: 'muted', style: 'font-size:.9rem' }, 'Submit a job')),
    filters, summary,
    h('div', { class: 'table-wrap' }, h('table', { 'aria-label': 'Jobs' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Job'), h('th', { class: 'hide-narrow' }, 'Type'), h('th', { class: 'hide-narrow' }, 'Owner'),
        h('th', {}, 'Status'), h('th', { class: 'hide-narrow' }, 'Priority'), h('th', {}, 'Map'), h('th', {}, 'Reduce'), h('th', { class: 'hide-narrow' }, 'Duration'),
        h('th', { class: 'hide-narrow' }, 'Submitted'))), body)), pager);
  load();
  every(2000, load);
}

// ---- job detail ----------------------------------------------------------------------------------------

function jobPage(id) {
  const header = h('h1', {}, 'Job ', h('span', { class: 'mono', text: id }));
  const loading = () => h('p', { class: 'muted' }, 'Loading…');
  const summary = h('div', { class: 'grid' });
  const actions = h('div', {});
  const errorBox = h('div', {});
  const counters = h('div', {});
  const timeline = h('div', { id: 'timeline' }, loading());
  const tasksTable = h('div', {}, loading());
  const failures = h('div', {});
  const output = h('div', {});
  let job = null;
  let outputShown = false;

  const renderJob = () => {
    header.replaceChildren('Job ', h('span', { class: 'mono', text: id.slice(0, 8), title: id }), badge(job.status));
    header.setAttribute('data-status', job.status);
    summary.replaceChildren(
      h('div', { class: 'panel stat' }, h('div', { class: 'label' }, 'Type'), h('div', { class: 'value' }, job.type)),
      h('div', { class: 'panel stat' }, h('div', { class: 'label' }, 'Owner'), h('div', { class: 'value' }, job.owner)),
      h('div', { class: 'panel stat' }, h('div', { class: 'label' }, 'Priority'),
        h('div', { class: 'value', id: 'priority' }, String(job.priority))),
      h('div', { class: 'panel stat' }, h('div', { class: 'label' }, 'Duration'),
        h('div', { class: 'value' }, formatDuration(jobDuration(job)))),
      h('div', { class: 'panel' }, progressBar(job.progress.map, 'map'), h('br'), progressBar(job.progress.reduce, 'reduce')));
    actions.replaceChildren(isActive(job) && state.session.role !== 'viewer'
      ? h('p', {}, h('button', { type: 'button', class: 'danger', id: 'cancel', onclick: cancel }, 'Cancel job')) : '');
    errorBox.replaceChildren(job.error ? h('div', { class: 'notice', role: 'alert' }, h('strong', {}, 'Error: '),
      h('pre', { text: job.error })) : '');
    if (job.status === 'SUCCEEDED' && !outputShown) { outputShown = true; loadOutput(); }
  };

  const cancel = async () => {
    if (!confirm('Cancel job ' + id + '?')) return;
    try { job = await api(`/api/v1/jobs/${id}/cancel`, { method: 'POST' }); renderJob(); }
    catch (err) { errorBox.replaceChildren(h('p', { class: 'error', role: 'alert' }, err.message)); }
  };

  const loadOutput = async () => {
    try {
      const text = await api(`/api/v1/jobs/${id}/output?limit=50`, { headers: { Accept: 'text/plain' } });
      output.replaceChildren(h('h2', {}, 'Output preview'), h('p', { class: 'muted' }, 'First 50 lines; the whole ' +
        'output: ', h('a', { href: `/api/v1/jobs/${id}/output` }, 'download')), h('pre', { id: 'output', text }));
    } catch (err) { output.replaceChildren(h('p', { class: 'error' }, err.message)); }
  };

  const loadTasks = async () => {
    try {
      const { tasks } = await api(`/api/v1/jobs/${id}/tasks`);
      renderTimeline(timeline, tasks, job);
      renderCounters(counters, tasks);
      renderTasks(tasksTable, tasks);
      renderFailures(failures, tasks);
    } catch (err) { timeline.replaceChildren(h('p', { class: 'error' }, err.message)); }
  };

  mount(header, actions, errorBox, summary, counters, h('h2', {}, 'Timeline'), timeline,
    h('h2', {}, 'Tasks'), tasksTable, failures, output);

  api('/api/v1/jobs/' + id).then(j => {
    job = j; renderJob(); loadTasks();
    if (!isActive(job)) return;
    state.source = new EventSource(`/api/v1/jobs/${id}/events`);
    state.source.addEventListener('job', (e) => {
      job = JSON.parse(e.data); renderJob(); loadTasks();
      if (!isActive(job)) { state.source.close(); state.source = null; }
    });
  }).catch(err => mount(h('h1', {}, 'Job ' + id), h('p', { class: 'error', role: 'alert' }, err.message)));
}

function renderCounters(target, tasks) {
  const totals = {};
  tasks.forEach(t => t.attempts.filter(a => a.status === 'SUCCEEDED')
    .forEach(a => Object.entries(a.counters).forEach(([k, v]) => { totals[k] = (totals[k] || 0) + v; })));
  const names = Object.keys(totals).sort();
  target.replaceChildren(names.length ? h('div', {}, h('h2', {}, 'Counters'), h('div', { class: 'table-wrap' },
    h('table', { 'aria-label': 'Counters' }, h('tbody', {}, names.map(n => h('tr', {}, h('td', {}, n),
      h('td', { class: 'mono' }, totals[n].toLocaleString()))))))) : '');
}

// Spark-UI-style event timeline: one lane per worker, one bar per attempt, backups striped, failures red, attempts
// the job service stopped (KILLED) greyed, attempts lost with their worker (LOST) hatched red.
function renderTimeline(target, tasks, job) {
  const attempts = tasks.flatMap(t => t.attempts.map(a => Object.assign({ task: t }, a)));
  if (!attempts.length) { target.replaceChildren(h('p', { class: 'muted' }, 'No attempt has started yet.')); return; }
  const now = Date.now();
  const start = Math.min(...attempts.map(a => Date.parse(a.startedAt)));
  const end = Math.max(now > start && isActive(job) ? now : 0,
    ...attempts.map(a => a.finishedAt ? Date.parse(a.finishedAt) : now));
  const span = Math.max(end - start, 1);
  const lanes = new Map();
  attempts.forEach(a => {
    const key = a.workerId;
    if (!lanes.has(key)) lanes.set(key, { name: `${a.workerHost} · ${a.workerId.slice(0, 8)}`, attempts: [] });
    lanes.get(key).attempts.push(a);
  });
  const ticks = [0, .25, .5, .75, 1].map(f => {
    const s = h('span', { text: formatDuration(f * span) });
    s.style.left = (f * 100) + '%';
    s.style.transform = f === 0 ? 'none' : f === 1 ? 'translateX(-100%)' : 'translateX(-50%)';
    return s;
  });
  const laneEls = [...lanes.values()].map(lane => {
    // Attempts that overlap in time (several slots) go on separate rows of the lane, first fit.
    const rowEnds = [];
    const track = h('div', { class: 'lane-track' });
    lane.attempts.sort((x, y) => Date.parse(x.startedAt) - Date.parse(y.startedAt)).forEach(a => {
      const from = Date.parse(a.startedAt) - start;
      const to = (a.finishedAt ? Date.parse(a.finishedAt) : now) - start;
      let row = rowEnds.findIndex(endOfRow => endOfRow <= from);
      if (row < 0) { row = rowEnds.length; rowEnds.push(to); } else { rowEnds[row] = to; }
      const label = `${a.task.kind.toLowerCase()} ${a.task.index}` + (a.backup ? ' (backup)' : '') +
        ` · ${a.status} · ${formatDuration(to - from)}`;
      const bar = h('div', { class: `attempt ${a.task.kind} ${a.status}` + (a.backup ? ' backup' : ''),
        title: label, role: 'img', 'aria-label': label }, `${a.task.kind[0]}${a.task.index}`);
      bar.style.left = (100 * from / span) + '%';
      bar.style.width = Math.max(100 * (to - from) / span, .4) + '%';
      bar.style.top = (3 + row * 20) + 'px';
      track.append(bar);
    });
    track.style.height = (4 + rowEnds.length * 20) + 'px';
    return h('div', { class: 'lane' }, h('div', { class: 'lane-name mono', title: lane.name }, lane.name), track);
  });
  target.replaceChildren(h('div', { class: 'timeline', role: 'figure', 'aria-label': 'Task attempts per worker over time' },
    ...laneEls, h('div', { class: 'axis' }, h('span'), h('div', { class: 'axis-track' }, ...ticks))),
  h('div', { class: 'legend' }, h('span', {}, h('i', { style: 'background:#3f8f6a' }), 'map'),
    h('span', {}, h('i', { style: 'background:#6a5acd' }), 'reduce'),
    h('span', {}, h('i', { style: 'background:var(--fail)' }), 'failed'),
    h('span', {}, h('i', { class: 'attempt LOST', style: 'position:static;display:inline-block' }), 'lost with its worker'),
    h('span', {}, h('i', { style: 'background:var(--cancel)' }), 'killed'),
    h('span', {}, h('i', { class: 'attempt backup', style: 'position:static;display:inline-block;background-color:#888' }), 'backup')));
}

function renderTasks(target, tasks) {
  target.replaceChildren(h('div', { class: 'table-wrap' }, h('table', { 'aria-label': 'Tasks' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Task'), h('th', {}, 'Status'), h('th', {}, 'Attempts'),
      h('th', { class: 'hide-narrow' }, 'Input / output'), h('th', {}, 'Duration'))),
    h('tbody', {}, tasks.map(t => {
      const last = t.attempts[t.attempts.length - 1];
      const io = t.kind === 'MAP' ? `${t.fileId.slice(0, 8)} @ ${t.splitOffset} +${formatBytes(t.splitLength)}`
        : (t.outputFileId ? 'part ' + t.outputFileId.slice(0, 8) : '–');
      return h('tr', {}, h('td', {}, `${t.kind.toLowerCase()} ${t.index}`), h('td', {}, badge(t.status)),
        h('td', {}, String(t.attempts.length) + (t.attempts.some(a => a.backup) ? ' (backup)' : ''),
          ...t.attempts.filter(a => a.status === 'KILLED' || a.status === 'LOST').map(a => badge(a.status))),
        h('td', { class: 'mono hide-narrow' }, io),
        h('td', {}, last ? formatDuration(last.durationMillis ?? (Date.now() - Date.parse(last.startedAt))) : '–'));
    })))));
}

function renderFailures(target, tasks) {
  const failed = tasks.flatMap(t => t.attempts.filter(a => a.status === 'FAILED').map(a => ({ t, a })));
  target.replaceChildren(failed.length ? h('div', {}, h('h2', {}, 'Failed attempts'),
    ...failed.map(({ t, a }) => h('details', { class: 'panel' },
      h('summary', {}, `${t.kind.toLowerCase()} ${t.index} on ${a.workerHost}: ${a.error || 'failed'}`),
      h('pre', { text: a.stackTrace || '(no stack trace)' })))) : '');
}

// ---- submit --------------------------------------------------------------------------------------------

function submitPage() {
  const error = h('p', { class: 'error', role: 'alert' });
  const fileInput = h('input', { id: 's-file', type: 'file' });
  const inputsInput = h('input', { id: 's-inputs', name: 'inputs', placeholder: 'file ids, comma-separated' });
  // Custom jobs name a jar and its classes; they are submitted through the API (README, "REST API").
  const typeSelect = h('select', { id: 's-type', name: 'type' }, h('option', { value: 'wordcount' }, 'wordcount'),
    h('option', { value: 'grep' }, 'grep (params: pattern=REGEX, ignoreCase=true)'),
    h('option', { value: 'inverted-index' }, 'inverted-index'));
  const reducers = h('input', { id: 's-reducers', type: 'number', min: 1, max: 1000, value: 1, required: true });
  const priority = h('input', { id: 's-priority', type: 'number', min: -10, max: 10, value: 0, required: true });
  const params = h('textarea', { id: 's-params', rows: 3, placeholder: 'name=value, one per line' });
  const button = h('button', { type: 'submit', id: 's-submit' }, 'Upload and submit');
  const progress = h('p', { class: 'muted', 'aria-live': 'polite' });

  const form = h('form', { class: 'panel', onsubmit: async (e) => {
    e.preventDefault();
    error.textContent = '';
    button.disabled = true;
    try {
      const inputs = inputsInput.value.split(',').map(s => s.trim()).filter(Boolean);
      for (const file of fileInput.files) {
        progress.textContent = `Uploading ${file.name} (${formatBytes(file.size)})…`;
        const uploaded = await api('/api/v1/files?name=' + encodeURIComponent(file.name), { method: 'POST',
          headers: { 'Content-Type': 'application/octet-stream' }, body: file });
        inputs.push(uploaded.id);
      }
      const parsed = {};
      params.value.split('\n').map(l => l.trim()).filter(Boolean).forEach(l => {
        const eq = l.indexOf('=');
        if (eq < 1) throw new Error(`Parameter line '${l}' is not name=value.`);
        parsed[l.slice(0, eq).trim()] = l.slice(eq + 1).trim();
      });
      progress.textContent = 'Submitting…';
      const job = await api('/api/v1/jobs', { method: 'POST', headers: { 'Content-Type': 'application/json',
        'Idempotency-Key': crypto.randomUUID() },
        body: JSON.stringify({ type: typeSelect.value, inputs, reducers: Number(reducers.value),
          priority: Number(priority.value), params: parsed }) });
      location.hash = '#/jobs/' + job.id;
    } catch (err) {
      error.textContent = err.message;
      progress.textContent = '';
    } finally { button.disabled = false; }
  } },
  h('div', { class: 'form-grid' },
    h('label', { for: 's-file' }, 'Upload a file', fileInput),
    h('label', { for: 's-inputs' }, 'or use stored files', inputsInput),
    h('label', { for: 's-type' }, 'Job type', typeSelect),
    h('label', { for: 's-reducers' }, 'Reducers (1–1000)', reducers),
    h('label', { for: 's-priority' }, 'Priority (−10–10, higher first)', priority),
    h('label', { for: 's-params' }, 'Parameters', params)),
  h('p', {}, button), progress, error);
  mount(h('h1', {}, 'Submit a job'), form);
}

// ---- workers and storage -------------------------------------------------------------------------------

function workersPage() {
  const body = h('tbody');
  const note = h('p', { class: 'muted', 'aria-live': 'polite' });
  const load = async () => {
    try {
      const { workers } = await api('/api/v1/workers');
      const live = workers.filter(w => w.state === 'ALIVE' || w.state === 'DRAINING');
      note.textContent = `${workers.length} worker${workers.length === 1 ? '' : 's'} (${live.length} alive or draining), ` +
        `${live.reduce((n, w) => n + w.runningAttempts, 0)} of ${live.reduce((n, w) => n + w.slots, 0)} slots busy`;
      body.replaceChildren(...workers.map(w => {
        const bar = h('div', { class: 'bar', role: 'progressbar', 'aria-label': 'slots in use',
          'aria-valuemin': '0', 'aria-valuemax': String(w.slots), 'aria-valuenow': String(w.runningAttempts) },
        h('span', { class: 'used' }));
        bar.firstChild.style.width = (100 * w.runningAttempts / Math.max(w.slots, 1)) + '%';
        return h('tr', {}, h('td', {}, w.host, h('div', { class: 'bar-label mono' }, w.id.slice(0, 8) + ' · pid ' + w.pid)),
          h('td', {}, badge(w.state)), h('td', {}, bar, h('div', { class: 'bar-label' }, `${w.runningAttempts}/${w.slots}`)),
          h('td', {}, formatDuration(Date.now() - Date.parse(w.lastHeartbeat)) + ' ago'),
          h('td', { class: 'hide-narrow' }, w.clockOffsetMillis ? `${w.clockOffsetMillis} ms` : '–'),
          h('td', { class: 'hide-narrow mono' }, w.shuffleAddress));
      }));
    } catch (err) { note.textContent = err.message; }
  };
  mount(h('h1', {}, 'Workers'), note, h('div', { class: 'table-wrap' }, h('table', { 'aria-label': 'Workers' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Worker'), h('th', {}, 'State'), h('th', {}, 'Slots'),
      h('th', {}, 'Last heartbeat'), h('th', { class: 'hide-narrow' }, 'Clock offset'),
      h('th', { class: 'hide-narrow' }, 'Shuffle address'))), body)));
  load();
  every(3000, load);
}

function storagePage() {
  const health = h('div', { class: 'grid' });
  const body = h('tbody');
  const note = h('p', { class: 'muted', 'aria-live': 'polite' });
  const stat = (label, value, bad) => h('div', { class: 'panel stat' }, h('div', { class: 'label' }, label),
    h('div', { class: 'value', style: bad ? 'color:var(--fail)' : '' }, value.toLocaleString()));
  const load = async () => {
    try {
      const { nodes, health: hl } = await api('/api/v1/storage/nodes');
      note.textContent = `${nodes.length} storage node${nodes.length === 1 ? '' : 's'}`;
      health.replaceChildren(stat('Under-replicated chunks', hl.underReplicatedChunks, hl.underReplicatedChunks > 0),
        stat('Corrupt replicas', hl.corruptReplicas, hl.corruptReplicas > 0),
        stat('Stale replicas', hl.staleReplicas, hl.staleReplicas > 0),
        stat('Garbage-collection backlog', hl.gcBacklogChunks, false));
      body.replaceChildren(...nodes.map(n => {
        const bar = h('div', { class: 'bar', role: 'progressbar', 'aria-label': 'capacity used',
          'aria-valuemin': '0', 'aria-valuemax': String(n.capacityBytes), 'aria-valuenow': String(n.usedBytes) },
        h('span', { class: 'used' }));
        bar.firstChild.style.width = (100 * n.usedBytes / Math.max(n.capacityBytes, 1)) + '%';
        return h('tr', {}, h('td', {}, n.id, h('div', { class: 'bar-label mono' }, n.address)),
          h('td', { class: 'hide-narrow' }, n.zone), h('td', {}, badge(n.state)),
          h('td', {}, bar, h('div', { class: 'bar-label' }, `${formatBytes(n.usedBytes)} of ${formatBytes(n.capacityBytes)}`)),
          h('td', {}, n.chunkCount.toLocaleString()), h('td', { class: 'hide-narrow' }, formatTime(n.lastHeartbeat)));
      }));
    } catch (err) {
      note.textContent = err.status === 404 ? 'This gateway does not serve the storage overview yet.' : err.message;
    }
  };
  mount(h('h1', {}, 'Storage'), note, health, h('h2', {}, 'Nodes'), h('div', { class: 'table-wrap' },
    h('table', { 'aria-label': 'Storage nodes' }, h('thead', {}, h('tr', {}, h('th', {}, 'Node'),
      h('th', { class: 'hide-narrow' }, 'Zone'), h('th', {}, 'State'), h('th', {}, 'Capacity'), h('th', {}, 'Chunks'),
      h('th', { class: 'hide-narrow' }, 'Last heartbeat'))), body)));
  load();
  every(5000, load);
}

// ---- routing -------------------------------------------------------------------------------------------

async function route() {
  clearTimers();
  const [path, query] = (location.hash.slice(1) || '/jobs').split('?');
  const parts = path.split('/').filter(Boolean);
  if (!state.session || !state.session.principal) {
    const signedIn = await loadSession().catch(() => false);
    if (!signedIn) { signInPage(); return; }
  }
  document.querySelectorAll('nav a[data-page]').forEach(a => {
    if (a.dataset.page === (parts[0] || 'jobs')) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  const params = new URLSearchParams(query || '');
  if (parts[0] === 'jobs' && parts[1]) jobPage(parts[1]);
  else if (parts[0] === 'submit') submitPage();
  else if (parts[0] === 'workers') workersPage();
  else if (parts[0] === 'storage') storagePage();
  else if (parts[0] === 'signin') signInPage();
  else jobsPage(params);
}

document.getElementById('sign-out').addEventListener('click', async () => {
  await api('/ui/session', { method: 'DELETE' }).catch(() => {});
  state.session = null;
  await loadSession().catch(() => {});
  location.hash = '#/signin';
});
window.addEventListener('hashchange', route);
route();
