// form_submit.js: the one save path of a schema form: clear the last errors, read the fields into
// a document, POST it (create) or PUT it (edit), and on refusal show each field error next to its
// field, the rest (and the message) above the form, with focus on the first field named; and the
// name field such a document starts with.
import {api, ApiError, path} from './api.js';
import {h, notice, show} from './dom.js';
import {collect, schemaFields, showErrors} from './schema_form.js';

// The onsubmit of a schema form: saves the document and hands the saved body to onSaved.
//   summary:          where the message and the errors no field claims go
//   document(value):  the body to send, from the fields' document
//   collection:       POST there to create, or PUT to collection/existingName when that is given
//   onRefused(field): called before focus moves to the first field named (e.g. to show it)
export function saveOnSubmit(options, onSaved) {
  return async event => {
    event.preventDefault();
    const saved = await saveDocument(options);
    if (saved) onSaved(saved);
  };
}

// The field of a document's name, read-only once the document exists (renaming is not
// supported: the server refuses another name in a PUT).
export function nameField(spec, {help, existingName}) {
  const [field] = schemaFields(
      {properties: {name: spec}, required: ['name']},
      {help, values: existingName ? {name: existingName} : {}});
  if (existingName) field.input.readOnly = true;
  return field;
}

// Resolves with the saved body, or null when a field cannot be read or the server refuses.
async function saveDocument({summary, fields, document, collection, existingName, onRefused}) {
  showErrors(fields, []);
  summary.replaceChildren();
  const {ok, value} = collect(fields);
  if (!ok) return null;
  const body = document(value);
  try {
    if (existingName)
      await api.put(collection + path`/${existingName}`, body);
    else
      await api.post(collection, body);
    return body;
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    const {unclaimed, first} = showErrors(fields, e.fields ?? []);
    show(
        summary, notice('error', e.message),
        unclaimed.length ? h('ul', {}, unclaimed.map(u => h('li', {}, describe(u)))) : null);
    onRefused?.(first);
    first?.input.focus();
    return null;
  }
}

function describe(error) {
  return error.pointer ? `${error.pointer}: ${error.message}` : error.message;
}
