// http_settings.js: GET /api/v1/connections/NAME/http (connection_describe: hosts, where the token
// goes, the signing rule, endpoint versions) shown read-only, whatever keys the connector reports.
import {api, path} from './api.js';
import {h, notice, textOf} from './dom.js';

export async function httpSettings(name) {
  try {
    return describeValue(await api.get(path`/api/v1/connections/${name}/http`));
  } catch (e) {
    return notice('error', e.message);
  }
}

function describeValue(value) {
  if (Array.isArray(value)) {
    if (value.length === 0) return h('span', {class: 'empty'}, 'none');
    return h('ul', {}, value.map(v => h('li', {}, describeValue(v))));
  }
  if (value !== null && typeof value === 'object') {
    return h(
        'dl', {class: 'settings'},
        Object.entries(value).map(([k, v]) => [h('dt', {}, k), h('dd', {}, describeValue(v))]));
  }
  return h('code', {}, textOf(value));
}
