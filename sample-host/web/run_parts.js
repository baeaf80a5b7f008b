// run_parts.js: how runs read in the history and on a run's page.
import {path} from './api.js';
import {h, table, timeText} from './dom.js';

export function countsText(counts) {
  return Object.entries(counts ?? {}).map(([k, v]) => `${k} ${v}`).join(', ');
}

export function duration(run) {
  if (typeof run.started_at !== 'number') return '';
  const end = typeof run.ended_at === 'number' ? run.ended_at : Date.now() / 1000;
  const seconds = Math.max(0, end - run.started_at);
  return seconds < 60 ? `${seconds.toFixed(1)} s` :
                        `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

export function outcomeOf(run) {
  return run.outcome ?? (run.ended_at ? 'ended' : 'running');
}

export function isRunning(run) {
  return run.ended_at === null || run.ended_at === undefined || run.outcome === 'running';
}

export function runsTable(runs) {
  return table(
      'Run history', runs,
      [
        ['Run', r => h('a', {href: path`#/runs/${r.id}`}, String(r.id))],
        ['Flow', r => r.flow],
        ['Mode', r => r.mode],
        ['Started', r => timeText(r.started_at)],
        ['Duration', r => duration(r)],
        ['Outcome', r => h('span', {class: `outcome outcome-${outcomeOf(r)}`}, outcomeOf(r))],
        ['Counts', r => countsText(r.counts)],
      ],
      'No runs yet.');
}
