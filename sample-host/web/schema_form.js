// schema_form.js: a form rendered from a connector's JSON Schema (titles, descriptions, enums,
// required, x-secret), so a second connector gets its form with no console change.
//
// Secret inputs are write-only: never filled from the server, required on every save, and they
// promise what the host does with them. Field errors arrive as JSON pointers (422 fields[]) and
// land next to the field they name.
import {h, uid} from './dom.js';

export const SECRET_PROMISE = 'Stored encrypted when you save; never displayed.';

export function pointerOf(...keys) {
  return keys.map(k => '/' + String(k).replaceAll('~', '~0').replaceAll('/', '~1')).join('');
}

// The inputs for `schema`'s properties (minus `skip`), in the schema's order.
//   base:       where a value sits in the submitted document: a prefix ('') or a function of
//               (key, spec) (a connection puts secrets under '/secrets', the rest under
//               '/settings'); errors and help texts are keyed by that pointer
//   help:       {"/pointer": "How to retrieve ..."} from GET /api/v1/connectors
//   values:     the stored non-secret values (an edit); secrets are never among them
export function schemaFields(schema, {base = '', help = {}, values = {}, skip = []} = {}) {
  const required = new Set(schema?.required ?? []);
  const baseOf = typeof base === 'function' ? base : () => base;
  return Object.entries(schema?.properties ?? {})
      .filter(([key]) => !skip.includes(key))
      .map(([key, spec]) => {
        const pointer = baseOf(key, spec) + pointerOf(key);
        return makeField(key, spec, {
          required: required.has(key),
          pointer,
          help: help[pointer] ?? spec['x-help'] ?? null,
          value: values[key],
        });
      });
}

function makeField(key, spec, {required, pointer, help, value}) {
  const secret = spec['x-secret'] === true;
  const id = uid(`field-${key}`);
  const describedBy = [];
  const extras = [];
  if (spec.description) {
    const descId = `${id}-desc`;
    describedBy.push(descId);
    extras.push(h('p', {class: 'description', id: descId}, spec.description));
  }
  if (secret) {
    const promiseId = `${id}-promise`;
    describedBy.push(promiseId);
    extras.push(h('p', {class: 'secret-promise', id: promiseId}, SECRET_PROMISE));
  }
  if (help) {
    extras.push(
        h('details', {class: 'help'}, h('summary', {}, 'How to retrieve'), h('p', {}, help)));
  }
  const errorId = `${id}-error`;
  const error = h('p', {class: 'field-error', id: errorId, hidden: true});
  describedBy.push(errorId);

  const input = makeInput(spec, {id, required, secret, describedBy: describedBy.join(' ')});
  if (!secret) fill(input, spec, value);
  const label = h('label', {for: id
  }, spec.title ?? key, required ? h('span', {class: 'required'}, ' (required)') : null);
  const isCheckbox = input.type === 'checkbox';
  const wrapper =
      h('div', {class: `field${isCheckbox ? ' checkbox' : ''}`, 'data-pointer': pointer},
        isCheckbox ? [input, label] : [label, input], extras, error);

  return {
    key,
    spec,
    required,
    secret,
    pointer,
    wrapper,
    input,
    // Advanced fields (optional, not secret) show in the HTTP view only.
    advanced: !required && !secret,
    read: () => readInput(input, spec),
    setError(message) {
      error.textContent = message ?? '';
      error.hidden = !message;
      input.setAttribute('aria-invalid', message ? 'true' : 'false');
      wrapper.classList.toggle('invalid', Boolean(message));
    },
  };
}

function makeInput(spec, {id, required, secret, describedBy}) {
  const common = {id, name: id, required, 'aria-describedby': describedBy};
  if (Array.isArray(spec.enum)) {
    return h(
        'select', common, required ? null : h('option', {value: ''}, '(not set)'),
        spec.enum.map(v => h('option', {value: String(v)}, String(v))));
  }
  if (spec.type === 'boolean') return h('input', {...common, type: 'checkbox', required: false});
  if (spec.type === 'object' || spec.type === 'array') {
    return h('textarea', {
      ...common,
      rows: 3,
      spellcheck: 'false',
      placeholder: spec.type === 'object' ? '{}' : '[]'
    });
  }
  if (secret)
    return h('input', {...common, type: 'password', autocomplete: 'new-password', value: ''});
  const type = spec.type === 'integer' || spec.type === 'number' ? 'number' :
      spec.format === 'uri'                                      ? 'url' :
                                                                   'text';
  return h('input', {
    ...common,
    type,
    autocomplete: 'off',
    spellcheck: 'false',
    placeholder: spec.default ?? null
  });
}

function fill(input, spec, value) {
  if (value === undefined || value === null) {
    if (input.type === 'checkbox') input.checked = spec.default === true;
    return;
  }
  if (input.type === 'checkbox')
    input.checked = value === true;
  else if (typeof value === 'object')
    input.value = JSON.stringify(value, null, 1);
  else
    input.value = String(value);
}

// {ok, value} or {ok: false, message}; an empty optional input reads as `undefined` (not sent).
function readInput(input, spec) {
  if (input.type === 'checkbox') return {ok: true, value: input.checked};
  const raw = input.value.trim();
  if (raw === '') return {ok: true, value: undefined};
  if (input.tagName === 'TEXTAREA') {
    try {
      return {ok: true, value: JSON.parse(raw)};
    } catch {
      return {
        ok: false,
        message: `Not valid JSON: write ${
            spec.type === 'object' ? 'an object, e.g. {}' : 'an array, e.g. []'}.`
      };
    }
  }
  if (input.type === 'number') return {ok: true, value: Number(raw)};
  return {ok: true, value: spec['x-secret'] === true ? input.value : raw};
}

// Reads every field into one document, each value at its field's pointer; fields that cannot
// be read get their error and make `ok` false. Required inputs left empty are the server's to
// refuse (one rule, one message).
export function collect(fields) {
  const value = {};
  let ok = true;
  for (const field of fields) {
    const read = field.read();
    field.setError(read.ok ? null : read.message);
    if (!read.ok)
      ok = false;
    else if (read.value !== undefined)
      place(value, field.pointer, read.value);
  }
  return {ok, value};
}

function place(document, pointer, value) {
  const keys = pointer.split('/').slice(1).map(k => k.replaceAll('~1', '/').replaceAll('~0', '~'));
  let at = document;
  for (const key of keys.slice(0, -1)) at = at[key] ??= {};
  at[keys[keys.length - 1]] = value;
}

// Puts each {pointer, message} next to the field it names (the field whose pointer is the
// longest prefix of it); returns the errors no field claims.
export function showErrors(fields, errors) {
  for (const field of fields) field.setError(null);
  const unclaimed = [];
  const messages = new Map();
  for (const error of errors) {
    const field = claimant(fields, error.pointer ?? '');
    if (!field) {
      unclaimed.push(error);
      continue;
    }
    messages.set(field, [...(messages.get(field) ?? []), error.message]);
  }
  for (const [field, list] of messages) field.setError(list.join(' '));
  return {unclaimed, first: [...messages.keys()][0] ?? null};
}

function claimant(fields, pointer) {
  let best = null;
  let bestLength = -1;
  for (const field of fields) {
    const p = field.pointer;
    const matches = pointer === p || pointer.startsWith(p + '/');
    if (matches && p.length > bestLength) {
      best = field;
      bestLength = p.length;
    }
  }
  return best;
}
