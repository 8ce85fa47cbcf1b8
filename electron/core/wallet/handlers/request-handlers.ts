/** Contract handlers for the approval queue: decisions by id, batches by the ids their dialog showed, policies, the audit log. */
import { WalletError } from '../../../../shared/errors';
import { keyFingerprint } from '../../audit-chain';
import { type ContactBook, requesterName, withContact } from '../../contacts';
import { exportAuditWithProof, queryAudit, type RequestQueue } from '../../requests';
import type { Handlers } from '../dispatch';
import { auditView, policyView } from '../views';

type RequestChannels = Extract<keyof Handlers, `request:${string}` | `policy:${string}` | `audit:${string}`>;

export interface RequestHandlerDeps {
  queue: RequestQueue;
  /** Names requesters in policy and History rows, and resolves History's contact filter. */
  contacts?: Pick<ContactBook, 'requester' | 'byName'>;
}

const NO_CONTACTS: Pick<ContactBook, 'requester' | 'byName'> = { requester: () => undefined, byName: () => undefined };

/** The contract's event filter onto the log's: one line per finished request by default, 'all' for every line. */
function auditEvent(event: 'arrived' | 'decided' | 'settled' | 'result' | 'all' | undefined) {
  if (event === 'all') return undefined;
  return event ?? 'settled';
}

export function requestHandlers({
  queue,
  contacts = NO_CONTACTS,
}: RequestHandlerDeps): Pick<Handlers, RequestChannels> {
  const nameOf = (requester: string) => requesterName(contacts, requester);
  return {
    // The script password goes to the queue with this one approval and dies with the request.
    'request:approve': ({ id, allowFor, scriptPassword }) => {
      const remember = allowFor
        ? { minutes: allowFor.minutes, untilLock: allowFor.untilLock, anyScript: allowFor.anyScript }
        : undefined;
      if (!queue.approve(id, { remember, password: scriptPassword })) {
        throw new WalletError('bad_input', 'that request was already decided');
      }
      return null;
    },
    'request:reject': ({ id, remember }) => {
      if (!queue.reject(id, { remember: remember ? {} : undefined })) {
        throw new WalletError('bad_input', 'that request is being signed and can no longer be rejected');
      }
      return null;
    },
    'request:approveAll': ({ requester, ids }) => ({ count: queue.approveBatch(requester, ids).length }),
    'request:rejectAll': ({ requester, ids }) => ({ count: queue.rejectBatch(requester, ids).length }),
    'policy:list': () => queue.listPolicies().map((p) => policyView(p, nameOf)),
    'policy:add': ({ contact, keyspace, operation, decision, minutes, untilLock }) => {
      const found = contacts.byName(contact);
      if (!found) throw new WalletError('not_found', `no contact named "${contact}"`);
      const rule = queue.addPolicy({
        effect: decision,
        source: 'nats',
        requester: found.key,
        requireVerified: true,
        verifiedForScripts: true,
        keyspace,
        operation,
        ...(minutes !== null ? { minutes } : {}),
        untilLock,
        label: `rule for ${found.name}`,
      });
      return policyView(rule, nameOf);
    },
    'policy:revoke': ({ id }) => {
      queue.revokePolicy(id);
      return null;
    },
    'audit:query': async (q) => {
      const page = await queryAudit(queue.audit, { ...withContact(contacts, q), event: auditEvent(q.event) });
      return { entries: page.entries.map((e) => auditView(e, nameOf)), total: page.total };
    },
    'audit:export': async ({ format, query }) => {
      const filter = { ...withContact(contacts, query), offset: 0, event: auditEvent(query.event) };
      // A fresh checkpoint first, so the export's proof covers every entry it carries.
      await queue.audit.checkpointAndFlush();
      const content = await exportAuditWithProof(queue.audit.files(), format, filter);
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      return {
        filename: `signing-wallet-audit-${stamp}.${format}`,
        mime: format === 'json' ? 'application/json' : 'text/csv',
        content,
      };
    },
    'audit:verify': async () => {
      const report = await queue.audit.verify();
      const key = report.signed?.key ?? queue.audit.publicKey;
      return {
        ok: report.ok,
        entries: report.entries,
        head: report.head?.sha256 ?? null,
        signedSeq: report.signed?.seq ?? null,
        unsignedTail: report.unsignedTail,
        keyFingerprint: key ? keyFingerprint(key) : null,
        break: report.break,
        notes: report.notes,
      };
    },
  };
}
