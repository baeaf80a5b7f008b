// oauth_client_dialog.js: the nested panel that creates (+) or edits an OAuth 2.0 client, rendered
// from the connector's oauth_client_schema. The client secret is write-only like every secret.
import {helpFor} from './connection_parts.js';
import {h} from './dom.js';
import {nameField, saveOnSubmit} from './form_submit.js';
import {schemaFields} from './schema_form.js';

// The schema of an OAuth client: the connector's own, else the one inside its connection schema.
function clientSchema(connector) {
  return connector.oauth_client_schema ?? connector.connection_schema?.properties?.oauth_client ??
      {};
}

// Opens the panel over `host`; resolves with the saved client's name, or null when cancelled.
// `existing` (a row of GET /api/v1/oauth-clients: name, connector, non-secret `fields`) makes
// it an edit.
export function openOAuthClientDialog(host, connector, existing = null) {
  return new Promise(resolve => {
    const editing = existing !== null;
    const name = nameField(
        {
          type: 'string',
          title: 'Name',
          description: 'A name for this OAuth 2.0 client, unique within the host.'
        },
        {existingName: existing?.name});
    const fields = [
      name, ...schemaFields(clientSchema(connector), {
        help: helpFor(connector, 'oauth_client'),
        values: existing?.fields ?? {},
      })
    ];
    const summary = h('div', {class: 'form-summary'});
    const titleId = 'oauth-client-dialog-title';
    let saved = null;
    const close = result => {
      saved = result;
      dialog.close();
    };
    const form =
        h('form', {
          novalidate: true,
          onsubmit: saveOnSubmit(
              {
                summary,
                fields,
                document: value => ({...value, connector: connector.id}),
                collection: '/api/v1/oauth-clients',
                existingName: existing?.name,
              },
              saved => close(saved.name)),
        },
          h('h2', {id: titleId},
            editing ? `Edit OAuth 2.0 client ${existing.name}` : 'New OAuth 2.0 client'),
          summary, fields.map(f => f.wrapper),
          h('div', {class: 'actions'},
            h('button', {type: 'submit', class: 'primary'},
              editing ? 'Save OAuth 2.0 client' : 'Create OAuth 2.0 client'),
            h('button', {type: 'button', onclick: () => close(null)}, 'Cancel')));
    const dialog = h('dialog', {class: 'panel', 'aria-labelledby': titleId}, form);
    // Cancel, Esc and a save all end in `close`.
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(saved);
    });
    host.append(dialog);
    dialog.showModal();
    fields[editing ? 1 : 0]?.input.focus();
  });
}
