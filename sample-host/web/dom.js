// dom.js: builds elements from data without ever parsing markup, so nothing a server or a user
// typed can become script (the CSP forbids inline script; this keeps us from needing it).

// h('tag', {attrs}, ...children): attributes named on* become listeners, `class` the class list,
// true/false toggle boolean attributes; children are nodes, strings (as text) or arrays of them.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'class') {
      el.className = value;
    } else if (key === 'value' && 'value' in el) {
      el.value = value;
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

export function append(parent, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

// Replaces what `parent` shows with `children`.
export function show(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

// A unique id per element that needs one (label `for`, aria-describedby).
let idCounter = 0;
export function uid(prefix) {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

// A table of objects: `columns` is [[heading, row => cell], ...]; cells are nodes or text.
export function table(caption, rows, columns, empty = 'None yet.') {
  if (!rows || rows.length === 0) return h('p', {class: 'empty'}, empty);
  return h(
      'table', {}, h('caption', {}, caption),
      h('thead', {}, h('tr', {}, columns.map(([heading]) => h('th', {scope: 'col'}, heading)))),
      h('tbody', {},
        rows.map(row => h('tr', {}, columns.map(([, cell]) => h('td', {}, cell(row)))))));
}

// Columns for objects whose shape the console does not know (webhook inbox rows, counts):
// one column per key seen, values printed as text (times, `*_at` in unix seconds, in UTC).
export function columnsOf(rows) {
  const keys = [...new Set(rows.flatMap(row => Object.keys(row)))];
  return keys.map(key => [key, row => key.endsWith('_at') ? timeText(row[key]) : textOf(row[key])]);
}

export function textOf(value) {
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

// A status line that screen readers announce.
export function notice(kind, ...children) {
  return h('p', {class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status'}, children);
}

// The API's times are unix seconds (0: unknown); shown in UTC so every reader sees the same.
export function timeText(seconds) {
  if (seconds === undefined || seconds === null || seconds === 0) return '';
  if (typeof seconds !== 'number') return String(seconds);
  return new Date(seconds * 1000).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

// A page's data: TITLE with "Loading…" while LOAD() runs; when it fails, the error under TITLE
// and null.
export async function loadPage(main, title, load) {
  show(main, h('h1', {}, title), h('p', {class: 'loading'}, 'Loading…'));
  try {
    return await load();
  } catch (e) {
    show(main, h('h1', {}, title), notice('error', e.message));
    return null;
  }
}
