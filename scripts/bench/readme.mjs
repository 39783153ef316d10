// The benchmark figures in README.md, written from one run's bench/results.json: `npm run bench
// -- --readme` replaces the block between the bench markers with this run's tables.
import fs from 'node:fs';

const START = /<!-- bench:start[^>]*-->/;
const END = '<!-- bench:end -->';

const SECTIONS = [
  ['Math core per backend', 'Math core per backend'],
  ['Peer: plain TypeScript MLP against tfjs', 'Peer: a plain-TypeScript MLP step against tfjs'],
  ['Page weight', 'Page weight (transferred, gzip)'],
  ['Interaction latency', "Interaction latency (200 inputs on each widget's main control)"],
  ['Lighthouse', 'Lighthouse (desktop preset)'],
];

const range = (xs) => `${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}`;

/** The Markdown of the block: the machine and the run, each section's tables, the budgets. */
export function benchReadmeBlock(results) {
  const m = results.machine;
  const loads = Object.values(results.load ?? {}).map((l) => l.load1);
  const minutes = Math.floor(results.durationS / 60);
  const seconds = results.durationS % 60;
  const lines = [
    `Figures below: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, no GPU (WebGPU adapter: ${m.webgpuAdapter}), ` +
      `Chromium ${m.chromium}, ${m.date.slice(0, 10)}, from one \`npm run bench\` of ${minutes} min ${seconds} s ` +
      `(load average ${range(loads)} during the sections; the benchmark's own browser keeps about one of the two ` +
      'cores busy). Medians in ms, p90 in brackets. Figures move by 10–30% from run to run on this machine; the ' +
      'rules compare backends measured side by side in the same run.',
    '',
  ];
  for (const [key, title] of SECTIONS) {
    if (!results.markdown?.[key]) continue;
    lines.push(`### ${title}`, '', results.markdown[key], '');
  }
  const budgets = results.budgets ?? [];
  lines.push('### Budgets', '');
  for (const b of budgets) lines.push(`- ${b.pass ? 'PASS' : 'FAIL'}: ${b.budget} (${b.detail})`);
  const met = budgets.filter((b) => b.pass).length;
  lines.push('', `${met} of ${budgets.length} budgets are met in this run.`);
  return lines.join('\n');
}

/** Rewrites the bench block of the README at `file` (Prettier formats it afterwards). */
export async function writeBenchReadme(file, results) {
  const readme = fs.readFileSync(file, 'utf8');
  const start = readme.search(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error('README.md lacks the bench markers');
  const opening = START.exec(readme)[0];
  const next = `${readme.slice(0, start)}${opening}\n\n${benchReadmeBlock(results)}\n\n${readme.slice(end)}`;
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(file)) ?? {};
  fs.writeFileSync(file, await prettier.format(next, { ...options, filepath: file }));
}

// Run directly, it rewrites README.md from the last run's bench/results.json.
if (process.argv[1]?.endsWith('readme.mjs')) {
  const root = new URL('../../', import.meta.url);
  const results = JSON.parse(fs.readFileSync(new URL('bench/results.json', root), 'utf8'));
  await writeBenchReadme(new URL('README.md', root).pathname, results);
  console.log('README.md: the benchmark figures were rewritten from bench/results.json.');
}
