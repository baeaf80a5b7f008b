// form_submit.js: the one save path of a schema form: clear the last errors, read the fields into
// a document, POST it (create) or PUT it (edit), and on refusal show each field error next to its
// field, the rest (and the message) above the form, with focus on the first field named.
import {api, ApiError} from './api.js';
import {h, notice, show} from './dom.js';
import {collect, showErrors} from './schema_form.js';

// Resolves with the saved body, or null when a field cannot be read or the server refuses.
//   summary:          where the message and the errors no field claims go
//   document(value):  the body to send, from the fields' document
//   createUrl / updateUrl: POST to createUrl, or PUT to updateUrl when it is given
//   onRefused(field): called before focus moves to the first field named (e.g. to show it)
export async function saveDocument({summary, fields, document, createUrl, updateUrl, onRefused}) {
  showErrors(fields, []);
  summary.replaceChildren();
  const {ok, value} = collect(fields);
  if (!ok) return null;
  const body = document(value);
  try {
    if (updateUrl)
      await api.put(updateUrl, body);
    else
      await api.post(createUrl, body);
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
