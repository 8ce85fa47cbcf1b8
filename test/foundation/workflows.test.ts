import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv from 'ajv';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { at, captured } from '../helpers/at';

// The GitHub workflows cannot run here. They are checked against the community JSON schema for GitHub
// workflows (vendored from SchemaStore as test/vectors/schemas/github-workflow.json), then for what the schema
// cannot know: which scripts they run, on which systems, and that every npm script they name exists.
const root = resolve(import.meta.dirname, '../..');
const dir = join(root, '.github/workflows');
const schema = JSON.parse(readFileSync(join(root, 'test/vectors/schemas/github-workflow.json'), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(schema);
const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts as Record<string, string>;

interface Step {
  run?: string;
  uses?: string;
  env?: Record<string, string>;
}
interface Job {
  'runs-on': string;
  strategy?: { matrix: { include: Array<{ os: string; platform: string }> } };
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, Job>;
}

const files = readdirSync(dir).filter((f) => f.endsWith('.yml'));
const load = (f: string) => yaml.load(readFileSync(join(dir, f), 'utf8')) as Workflow;
const runs = (job: Job) => job.steps.map((s) => s.run ?? '').join('\n');

describe('GitHub workflows', () => {
  it('are the CI and Release workflows', () => {
    expect(files.sort()).toEqual(['ci.yml', 'release.yml']);
  });

  it.each(files)('%s validates against the GitHub workflow schema', (f) => {
    const ok = validate(load(f));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema check itself rejects broken workflows', () => {
    const ci = load('ci.yml');
    const job = ci.jobs.ci;
    if (job === undefined) throw new Error('ci.yml has no job named ci');
    expect(validate({ ...ci, jobs: { ci: { ...job, 'runs-on': undefined } } })).toBe(false);
    expect(validate({ ...ci, jobs: { ci: { ...job, step: job.steps } } })).toBe(false);
    expect(validate({ ...ci, on: { push: { tags: 42 } } })).toBe(false);
    expect(validate({ ...ci, jobs: { ci: { ...job, steps: [{ run: 'x', uses: 'actions/checkout@v4' }] } } })).toBe(
      false,
    );
  });

  it('every npm script a workflow runs exists', () => {
    for (const f of files) {
      const text = readFileSync(join(dir, f), 'utf8');
      for (const m of text.matchAll(/npm run (?:-s )?([\w:-]+)/g)) {
        const name = captured(m);
        expect(scripts, `${f}: ${name}`).toHaveProperty([name]);
      }
    }
  });

  it('CI runs .ci/run on Ubuntu', () => {
    const ci = load('ci.yml');
    expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
    const job = at(Object.values(ci.jobs), 0);
    expect(job['runs-on']).toBe('ubuntu-latest');
    expect(runs(job)).toMatch(/^bash \.ci\/run$/m);
  });

  it('Release builds on a version tag, on Linux, macOS and Windows, after lint, typecheck and unit tests', () => {
    const release = load('release.yml');
    expect(release.on).toEqual({ push: { tags: ['v*.*.*'] } });
    const job = at(Object.values(release.jobs), 0);
    expect(job.strategy?.matrix.include.map((m) => [m.os, m.platform])).toEqual([
      ['ubuntu-latest', 'linux'],
      ['macos-latest', 'mac'],
      ['windows-latest', 'win'],
    ]);
    const commands = runs(job);
    const order = [
      'npm ci',
      'npm run lint',
      'npm run typecheck',
      'npm run test:unit',
      'npm run build',
      'electron-builder',
    ];
    const positions = order.map((c) => commands.indexOf(c));
    expect(
      positions.every((i) => i >= 0),
      commands,
    ).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a JS template
    expect(commands).toContain('npx electron-builder --${{ matrix.platform }} --publish always');
  });

  it('signs and notarizes from secrets, and warns visibly when they are absent', () => {
    const text = readFileSync(join(dir, 'release.yml'), 'utf8');
    for (const secret of [
      'MAC_CSC_LINK',
      'MAC_CSC_KEY_PASSWORD',
      'WIN_CSC_LINK',
      'WIN_CSC_KEY_PASSWORD',
      'APPLE_API_KEY',
    ])
      expect(text).toContain(`\${{ secrets.${secret} }}`);
    expect(text.match(/::warning title=[^:]+::/g)).toHaveLength(3);
    expect(text).toContain('CSC_IDENTITY_AUTO_DISCOVERY=false');
  });
});
