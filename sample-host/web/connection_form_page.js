// connection_form_page.js: Create / Edit connection, rendered from the connector's connection
// schema. The OAuth 2.0 client is a select with + (a nested panel creates one) and Edit; a
// Simple / HTTP toggle shows the advanced fields and the effective HTTP settings read-only.
import {api, path} from './api.js';
import {connectorById, connectors, helpFor} from './connection_parts.js';
import {h, loadPage, show, uid} from './dom.js';
import {nameField, saveOnSubmit} from './form_submit.js';
import {httpSettings} from './http_settings.js';
import {openOAuthClientDialog} from './oauth_client_dialog.js';
import {schemaFields} from './schema_form.js';

// The connection schema's own keys the page renders apart from the config fields.
const OWN_KEYS = ['name', 'oauth_client'];

export async function render(main, params) {
  const editing = params.name !== undefined;
  const title = editing ? `Edit connection ${params.name}` : 'Create connection';
  const loaded = await loadPage(main, title, async () => {
    const existing = editing ? await api.get(path`/api/v1/connections/${params.name}`) : null;
    const connector = existing ? await connectorById(existing.connector) : (await connectors())[0];
    if (!connector) throw new Error('No connector is loaded in this host (see --plugin-dir).');
    return {existing, connector};
  });
  if (!loaded) return;
  const {existing, connector} = loaded;
  const form = await connectionForm(main, connector, existing);
  show(main, h('h1', {}, title), editing ? null : await connectorPicker(main, connector), form);
}

// With several connectors the first thing to pick is which; the form follows the choice.
async function connectorPicker(main, current) {
  const list = await connectors();
  if (list.length < 2)
    return h('p', {class: 'connector'}, `Connector: ${current.name} ${current.version ?? ''}`);
  const id = uid('connector');
  const select =
      h('select', {
        id,
        onchange: async () => {
          const chosen = list.find(c => c.id === select.value);
          main.querySelector('form.connection')
              ?.replaceWith(await connectionForm(main, chosen, null));
        }
      },
        list.map(
            c =>
                h('option', {value: c.id, selected: c.id === current.id},
                  `${c.name} ${c.version ?? ''}`)));
  return h('div', {class: 'field'}, h('label', {for: id
           }, 'Connector'), select);
}

async function connectionForm(main, connector, existing) {
  const schema = connector.connection_schema ?? {};
  const help = helpFor(connector, 'connection');
  const name = nameField(
      schema.properties?.name ?? {type: 'string', title: 'Name'},
      {help, existingName: existing?.name});
  const clientField = await oauthClientField(main, connector, schema, existing?.oauth_client);
  // A connection document holds its secrets apart from its settings (docs/CONSOLE_API.md).
  const configFields = schemaFields(schema, {
    base: (key, spec) => (spec['x-secret'] === true ? '/secrets' : '/settings'),
    help,
    values: existing?.settings ?? {},
    skip: OWN_KEYS,
  });
  const fields = [name, clientField, ...configFields];
  const summary = h('div', {class: 'form-summary'});
  const httpPanel =
      h('section', {class: 'http-settings', hidden: true, 'aria-label': 'Effective HTTP settings'});
  const view = viewToggle(view => {
    for (const field of configFields) field.wrapper.hidden = view === 'simple' && field.advanced;
    httpPanel.hidden = view === 'simple';
    if (view === 'http') fillHttpPanel(httpPanel, existing);
  });

  const form =
      h('form', {
        class: 'connection',
        novalidate: true,
        onsubmit: saveOnSubmit(
            {
              summary,
              fields,
              document: value => ({settings: {}, secrets: {}, ...value, connector: connector.id}),
              collection: '/api/v1/connections',
              existingName: existing?.name,
              // A refused advanced field is shown before focus goes to it.
              onRefused: first => first?.advanced && first.wrapper.hidden && view.select('http'),
            },
            saved => location.hash = path`#/connections/${saved.name}` +
                '?saved=1'),
      },
        summary, name.wrapper, clientField.wrapper, view.element, configFields.map(f => f.wrapper),
        httpPanel,
        h('div', {class: 'actions'},
          h('button', {type: 'submit', class: 'primary'},
            existing ? 'Save connection' : 'Create connection'),
          h('a', {
            class: 'button',
            href: existing ? path`#/connections/${existing.name}` : '#/connections'
          },
            'Cancel')));
  view.select('simple');
  return form;
}

// Simple: the required and secret fields. HTTP: the advanced fields too, and what the
// connection opens with (read-only).
function viewToggle(onChange) {
  const group = uid('view');
  const radios = {};
  const element = h(
      'fieldset', {class: 'view-toggle'}, h('legend', {}, 'View'), ['simple', 'http'].map(view => {
        const id = `${group}-${view}`;
        radios[view] = h(
            'input', {type: 'radio', id, name: group, value: view, onchange: () => onChange(view)});
        return h('span', {class: 'radio'}, radios[view], h('label', {for: id
                 }, view === 'simple' ? 'Simple' : 'HTTP'));
      }));
  return {
    element,
    select(view) {
      radios[view].checked = true;
      onChange(view);
    },
  };
}

async function fillHttpPanel(panel, existing) {
  if (!existing) {
    show(
        panel, h('h2', {}, 'HTTP settings'),
        h('p', {},
          'Save the connection to see the HTTP settings it opens with (hosts, where the ' +
              'token goes, the signing rule, endpoint versions).'));
    return;
  }
  show(panel, h('h2', {}, 'HTTP settings'), h('p', {class: 'loading'}, 'Loading…'));
  show(
      panel, h('h2', {}, 'HTTP settings (read-only, as last saved)'),
      await httpSettings(existing.name));
}

// The OAuth 2.0 client select with + (create) and Edit, as a field that takes errors.
async function oauthClientField(main, connector, schema, selected) {
  const id = uid('oauth-client');
  const errorId = `${id}-error`;
  const descId = `${id}-desc`;
  const select = h('select', {id, required: true, 'aria-describedby': `${descId} ${errorId}`});
  const error = h('p', {class: 'field-error', id: errorId, hidden: true});
  const refresh = async chosen => {
    const clients =
        (await api.get('/api/v1/oauth-clients')).filter(c => c.connector === connector.id);
    show(
        select,
        h('option', {value: ''}, clients.length ? '(choose one)' : '(none yet: add one with +)'),
        clients.map(c => h('option', {value: c.name, selected: c.name === chosen}, c.name)));
    return clients;
  };
  let clients = await refresh(selected);
  const spec = schema.properties?.oauth_client ?? {};
  const add =
      h('button', {
        type: 'button',
        class: 'icon',
        'aria-label': 'New OAuth 2.0 client',
        title: 'New OAuth 2.0 client',
        onclick: async () => {
          const saved = await openOAuthClientDialog(main, connector);
          if (saved) clients = await refresh(saved);
          select.focus();
        }
      },
        '+');
  const edit =
      h('button', {
        type: 'button',
        'aria-label': 'Edit the selected OAuth 2.0 client',
        title: 'Edit the selected OAuth 2.0 client',
        onclick: async () => {
          const current = clients.find(c => c.name === select.value);
          if (!current) {
            setError('Choose an OAuth 2.0 client to edit, or add one with +.');
            return;
          }
          await openOAuthClientDialog(main, connector, current);
          clients = await refresh(current.name);
          select.focus();
        }
      },
        'Edit');
  const wrapper =
      h('div', {class: 'field', 'data-pointer': '/oauth_client'},
        h('label',
          {for: id
          },
          spec.title ?? 'OAuth 2.0 client', h('span', {class: 'required'}, ' (required)')),
        h('div', {class: 'inline'}, select, add, edit),
        h('p', {class: 'description', id: descId},
          spec.description ?? 'The app the connection authorizes through.'),
        error);
  function setError(message) {
    error.textContent = message ?? '';
    error.hidden = !message;
    select.setAttribute('aria-invalid', message ? 'true' : 'false');
    wrapper.classList.toggle('invalid', Boolean(message));
  }
  return {
    key: 'oauth_client',
    pointer: '/oauth_client',
    wrapper,
    input: select,
    advanced: false,
    setError,
    read: () => ({ok: true, value: select.value || undefined})
  };
}
