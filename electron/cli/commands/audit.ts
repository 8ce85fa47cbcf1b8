// crypto-cli audit verify | export: the audit log's chain and checkpoints checked, or exported with their proof.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { z } from 'zod';
import { WalletError } from '../../../shared/errors';
import {
  type ChainReport,
  keyFingerprint,
  type RawLine,
  rawPublicKey,
  readAuditTrust,
  readRawLines,
  verifyChain,
} from '../../core/audit-chain';
import { AUDIT_EXPORT_FORMAT, exportAuditWithProof, listAuditFiles } from '../../core/requests';
import { createSecretStore, resolveDataDir } from '../../core/vault';
import { globals, output } from '../context';
import { EXIT_INVALID } from '../errors';

/** An export file is read whole; this bounds it before parsing. */
const MAX_EXPORT_BYTES = 256 * 1024 * 1024;

const exportFileSchema = z.object({
  format: z.literal(AUDIT_EXPORT_FORMAT),
  version: z.literal(1),
  proof: z.object({ publicKey: z.string().max(100), signs: z.object({ seq: z.number().int() }) }).nullable(),
  lines: z.array(z.string()),
});

/** The audit folder of the data dir the global options name. */
function auditDir(cmd: Command): string {
  return join(resolveDataDir(globals(cmd).dataDir), 'audit');
}

/** The key to trust: --public-key, else the audit key in the keychain (never created here). */
async function trust(cmd: Command, publicKey: string | undefined) {
  if (publicKey !== undefined && !rawPublicKey(publicKey)) {
    throw new WalletError('bad_input', '--public-key must be the base64 SubjectPublicKeyInfo of an Ed25519 key');
  }
  const g = globals(cmd);
  const store = await createSecretStore({ kind: g.secretStore, dataDir: resolveDataDir(g.dataDir) });
  const found = await readAuditTrust(store);
  return { publicKey: publicKey ?? found.publicKey, anchor: found.anchor };
}

/** Lines of an export file, as the chain stored them. */
async function* exportLines(file: string): AsyncGenerator<RawLine> {
  const doc = await readExport(file);
  let line = 0;
  for (const text of doc.lines) yield { file: 'lines', line: ++line, bytes: Buffer.from(`${text}\n`) };
}

async function readExport(file: string) {
  const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new WalletError('bad_input', `cannot read ${file}: ${e.code}`);
  });
  if (text.length > MAX_EXPORT_BYTES) throw new WalletError('bad_input', `${file} is too large for an audit export`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new WalletError('bad_input', `${file} is not JSON`);
  }
  const parsed = exportFileSchema.safeParse(raw);
  if (!parsed.success) throw new WalletError('bad_input', `${file} is not a JSON audit export`);
  return parsed.data;
}

/** One line for a report: verified with count and head, or the first break. */
function describe(report: ChainReport): string {
  if (!report.ok && report.break) {
    const b = report.break;
    return `log broken at ${b.file} line ${b.line}${b.seq === null ? '' : ` (seq ${b.seq})`}: ${b.problem}`;
  }
  const signed = report.signed
    ? `, signed through seq ${report.signed.seq} by audit key ${keyFingerprint(report.signed.key)}`
    : '';
  const head = report.head ? `, head ${report.head.sha256}` : '';
  return `log verified: ${report.entries} entries${head}${signed}`;
}

function reportJson(report: ChainReport) {
  return {
    ok: report.ok,
    entries: report.entries,
    unchained: report.unchained,
    head: report.head,
    signed: report.signed && { ...report.signed, fingerprint: keyFingerprint(report.signed.key) },
    break: report.break,
    notes: report.notes,
  };
}

/** `crypto-cli audit verify | export`: check the audit log's chain and signatures; export it with its proof. */
export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('the tamper-evident audit log');

  audit
    .command('verify')
    .description('check every entry and checkpoint; exit 0 when intact, 1 naming the first break')
    .option('--in <file>', 'verify a JSON export instead of the data dir’s log')
    .option('--public-key <base64>', 'the audit key to trust (default: the one in the keychain)')
    .action(async (opts: { in?: string; publicKey?: string }, cmd: Command) => {
      let report: ChainReport;
      if (opts.in) {
        const doc = await readExport(opts.in);
        const trustedKey = opts.publicKey ?? doc.proof?.publicKey ?? null;
        report = await verifyChain(exportLines(opts.in), { trustedKey });
        if (report.ok && report.signed?.seq !== doc.proof?.signs.seq) {
          report.ok = false;
          report.break = {
            file: 'proof',
            line: 0,
            seq: null,
            problem: 'the proof is not the export’s last checkpoint',
          };
        }
      } else {
        const t = await trust(cmd, opts.publicKey);
        report = await verifyChain(readRawLines(await listAuditFiles(auditDir(cmd))), {
          trustedKey: t.publicKey,
          anchor: t.anchor,
        });
        if (report.ok && report.signed && !t.publicKey) {
          report.ok = false;
          report.break = {
            file: 'keychain',
            line: 0,
            seq: null,
            problem: 'this keychain holds no audit key to check the signatures against; pass --public-key',
          };
        }
      }
      output(cmd, reportJson(report), describe(report));
      if (!report.ok) process.exitCode = EXIT_INVALID;
    });

  audit
    .command('export')
    .description('write the log up to its newest checkpoint, with the signature and audit public key')
    .requiredOption('--out <file>', 'where to write the export')
    .addOption(new Option('--format <format>', 'json or csv').choices(['json', 'csv']).default('json'))
    .action(async (opts: { out: string; format: 'json' | 'csv' }, cmd: Command) => {
      const files = await listAuditFiles(auditDir(cmd));
      const content = await exportAuditWithProof(files, opts.format);
      await writeFile(opts.out, content, { mode: 0o600 });
      output(cmd, { out: opts.out, format: opts.format }, `wrote ${opts.out}`);
    });
}
