/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4), written from the format's
 * description rather than from prom-client, so a test can check what a scraper would accept: every
 * sample belongs to a family declared by `# TYPE` (histograms add _bucket/_sum/_count), labels are
 * `name="escaped value"`, values are floats, and no series appears twice.
 */
import { captured } from './at';

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}
export interface Family {
  name: string;
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  help: string;
  samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

/** Parses the whole text or throws naming the first bad line. */
export function parsePrometheusText(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const seen = new Set<string>();
  const lines = text.split('\n');
  if (lines.at(-1) !== '') throw new Error('the exposition must end with a newline');
  lines.forEach((line, i) => {
    const where = `line ${i + 1}: ${line}`;
    if (line === '') return;
    if (line.startsWith('#')) {
      const m = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (!m) return; // a plain comment
      const [kind, name, rest] = [captured(m, 1), captured(m, 2), captured(m, 3)];
      if (!NAME.test(name)) throw new Error(`bad metric name, ${where}`);
      const family = families.get(name) ?? { name, type: 'untyped' as const, help: '', samples: [] };
      if (kind === 'TYPE') {
        if (!TYPES.has(rest)) throw new Error(`unknown type, ${where}`);
        if (family.samples.length > 0) throw new Error(`TYPE after samples, ${where}`);
        family.type = rest as Family['type'];
      } else family.help = rest;
      families.set(name, family);
      return;
    }
    const sample = parseSample(line, where);
    const family = familyOf(families, sample.name);
    if (!family) throw new Error(`sample of an undeclared family, ${where}`);
    const key = `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort())}`;
    if (seen.has(key)) throw new Error(`duplicate series, ${where}`);
    seen.add(key);
    family.samples.push(sample);
  });
  return families;
}

/** The value of one series (labels must match exactly the given ones, ignoring others) or undefined. */
export function seriesValue(
  families: Map<string, Family>,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const family = familyOf(families, name);
  const matches = family?.samples.filter(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
  if (!matches || matches.length === 0) return undefined;
  return matches.reduce((sum, s) => sum + s.value, 0);
}

// ## Helpers

function familyOf(families: Map<string, Family>, sampleName: string): Family | undefined {
  const direct = families.get(sampleName);
  if (direct) return direct;
  const m = /^(.*)_(bucket|sum|count)$/.exec(sampleName);
  const base = m ? families.get(captured(m)) : undefined;
  if (base && (base.type === 'histogram' || (base.type === 'summary' && m?.[2] !== 'bucket'))) return base;
  return undefined;
}

function parseSample(line: string, where: string): Sample {
  const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)( -?[0-9]+)?$/.exec(line);
  if (!m) throw new Error(`not a sample, ${where}`);
  const [name, labelText, valueText] = [captured(m, 1), m[2], captured(m, 3)];
  const value = parseValue(valueText);
  if (value === null) throw new Error(`bad value, ${where}`);
  return { name, labels: labelText ? parseLabels(labelText.slice(1, -1), where) : {}, value };
}

/** As Prometheus reads it (Go's ParseFloat): NaN and [+-]Inf(inity) in any letter case, else a decimal float. */
function parseValue(text: string): number | null {
  if (/^nan$/i.test(text)) return Number.NaN;
  const inf = /^([+-]?)inf(inity)?$/i.exec(text);
  if (inf) return inf[1] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  return /^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$/.test(text) ? Number(text) : null;
}

/** `a="x",b="y\"z"`: values are double-quoted with \\, \" and \n as the only escapes. */
function parseLabels(text: string, where: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    const eq = text.indexOf('=', i);
    const name = text.slice(i, eq);
    if (eq < 0 || !LABEL_NAME.test(name) || text[eq + 1] !== '"') throw new Error(`bad label, ${where}`);
    let value = '';
    let j = eq + 2;
    for (; j < text.length && text[j] !== '"'; j++) {
      if (text[j] !== '\\') {
        value += text[j];
        continue;
      }
      const next = text[++j];
      if (next === 'n') value += '\n';
      else if (next === '\\' || next === '"') value += next;
      else throw new Error(`bad escape in a label value, ${where}`);
    }
    if (j >= text.length) throw new Error(`unterminated label value, ${where}`);
    if (name in labels) throw new Error(`label given twice, ${where}`);
    labels[name] = value;
    i = j + 1;
    if (i < text.length) {
      if (text[i] !== ',') throw new Error(`expected "," between labels, ${where}`);
      i++;
    }
  }
  return labels;
}
