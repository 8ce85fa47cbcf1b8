// crypto-cli contacts list | name | forget, and what listen tells the prompt and policy files about requesters.
import type { Command } from 'commander';
import { WalletError } from '../../../shared/errors';
import type { ContactView } from '../../../shared/ipc/schemas';
import type { RequestSnapshot } from '../../core/requests';
import type { Core } from '../../core/wallet/core';
import { globals, output } from '../context';

/** The book in the data dir the global options name; a damaged file is moved aside with a warning on stderr. */
async function openBook(cmd: Command) {
  const [{ ContactBook, contactView }, { resolveDataDir }] = await Promise.all([
    import('../../core/contacts'),
    import('../../core/vault/config'),
  ]);
  const warn = (m: string) => process.stderr.write(`warning: ${m}\n`);
  return { book: await ContactBook.open(resolveDataDir(globals(cmd).dataDir), warn), contactView };
}

function contactJson(c: ContactView) {
  return {
    name: c.name,
    key: c.key,
    fingerprint: c.fingerprint.short,
    words: c.fingerprint.words,
    added_at: c.addedAt,
  };
}

function contactText(c: ContactView): string {
  return `${c.name}\t${c.key}\t${c.fingerprint.short}\t${c.fingerprint.words.join(' ')}`;
}

/** `crypto-cli contacts list | name KEY NAME | forget KEY`: the requester keys the user named. */
export function registerContactsCommands(program: Command): void {
  const contacts = program
    .command('contacts')
    .description('known requesters: verified NATS requester keys you named, with their fingerprints');

  contacts
    .command('list')
    .description('list named requesters: name, key, short fingerprint, fingerprint words')
    .action(async (_opts: unknown, cmd: Command) => {
      const { book, contactView } = await openBook(cmd);
      const list = book.list().map(contactView);
      output(cmd, list.map(contactJson), list.length === 0 ? 'no contacts' : list.map(contactText).join('\n'));
    });

  contacts
    .command('name')
    .description('name a requester key (renames it if it already has a name)')
    .argument('<key>', 'the requester key: compressed secp256k1 public key, hex')
    .argument('<name>', 'the name shown on its requests')
    .action(async (key: string, name: string, _opts: unknown, cmd: Command) => {
      const { book, contactView } = await openBook(cmd);
      const c = contactView(await book.name(key, name));
      output(cmd, contactJson(c), `named ${c.name}: ${c.fingerprint.short} (${c.fingerprint.words.join(' ')})`);
    });

  contacts
    .command('forget')
    .description('forget a requester key: its requests show as a new requester again')
    .argument('<key>', 'the requester key')
    .action(async (key: string, _opts: unknown, cmd: Command) => {
      const { book } = await openBook(cmd);
      if (!(await book.forget(key))) throw new WalletError('not_found', 'no contact has that key');
      output(cmd, { forgotten: key.toLowerCase() }, `forgot ${key.toLowerCase()}`);
    });
}

/**
 * For `crypto-cli listen`: the core's contacts and seen keys, so the terminal prompt says who asks
 * (new, seen before, known, or an impostor) and policy-file rules can name a contact. The contacts
 * file is followed while listening; `close` stops that.
 */
export async function requesterIdentity({ contacts, seen }: Pick<Core, 'contacts' | 'seen'>) {
  const { checkRequester, requesterLines } = await import('../../core/contacts');
  // `crypto-cli contacts name` from another terminal shows on the next prompt.
  const unfollow = contacts.follow((m) => process.stderr.write(`warning: ${m}\n`));
  return {
    contactKeyOf: (name: string) => contacts.byName(name)?.key,
    requesterLines: (view: RequestSnapshot) =>
      requesterLines(checkRequester(contacts, view.source, { seen, requestAt: view.createdAt })),
    close: unfollow,
  };
}
