// form_errors.js: what a failed save shows: each field error next to its field, the rest (and
// the message) above the form, focus on the first field that needs attention.
import {h, notice, show} from './dom.js';
import {showErrors} from './schema_form.js';

export function reportSaveError(summary, fields, error) {
  const {unclaimed, first} = showErrors(fields, error.fields ?? []);
  show(
      summary, notice('error', error.message),
      unclaimed.length ?
          h('ul', {},
            unclaimed.map(e => h('li', {}, e.pointer ? `${e.pointer}: ${e.message}` : e.message))) :
          null);
  if (first) first.input.focus();
  return first;
}

export function clearErrors(summary, fields) {
  showErrors(fields, []);
  summary.replaceChildren();
}
