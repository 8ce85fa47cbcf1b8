/** Pure rules for the request list: order, grouping per requester, and what a card may offer. */
import { OPAQUE_32_WARNING, type PendingRequestView } from '../../../../shared/ipc/schemas';

/** Requests still in front of the user: waiting, or approved and being signed. */
export function openRequests(all: PendingRequestView[]): PendingRequestView[] {
  return all
    .filter((r) => r.state === 'pending' || r.state === 'approved')
    .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

/** The requester a batch action addresses: the core's label (the requester if known, else the endpoint). */
export function requesterKey(r: PendingRequestView): string {
  return r.source.label;
}

export interface RequesterGroup {
  requester: string;
  /** The pending requests the batch bar counts: a batch decision names exactly these. */
  ids: string[];
  count: number;
  verified: boolean;
}

/** Requesters with at least `min` pending requests, largest first: the ones worth a batch action. */
export function requesterGroups(requests: PendingRequestView[], min = 2): RequesterGroup[] {
  const groups = new Map<string, RequesterGroup>();
  for (const r of requests) {
    if (r.state !== 'pending') continue;
    const key = requesterKey(r);
    const g = groups.get(key) ?? { requester: key, ids: [], count: 0, verified: r.source.verified };
    g.ids.push(r.id);
    g.count++;
    g.verified &&= r.source.verified;
    groups.set(key, g);
  }
  return [...groups.values()]
    .filter((g) => g.count >= min)
    .sort((a, b) => b.count - a.count || a.requester.localeCompare(b.requester));
}

/** Who asks, as text: the core names unsigned NATS requesters "unverified", which the badge already says. */
export function requesterText(source: PendingRequestView['source']): string {
  if (source.requester === null || (!source.verified && source.requester === 'unverified')) return 'not identified';
  return source.requester;
}

/** Script functions that open a keyspace and may need a session password from the user. */
export const PASSWORD_FUNCTIONS = ['create_key_space', 'load_key_space'];

export function needsScriptPassword(r: PendingRequestView): boolean {
  return r.script?.functions.some((f) => PASSWORD_FUNCTIONS.includes(f)) ?? false;
}

export const REQUEST_TITLE = {
  sign: 'Signature request',
  script: 'Script run',
  key_management: 'Key management',
} as const;

/** Minutes offered by "Allow this requester for N minutes". */
export const ALLOW_MINUTES = [1, 5, 15, 60];

/** The core's warnings; the opaque-payload one is never lost even if the core flags it without its text. */
export function warningsOf(preview: PendingRequestView['preview']): string[] {
  const list = [...preview.warnings];
  if (preview.opaqueWarning && !list.includes(OPAQUE_32_WARNING)) list.unshift(OPAQUE_32_WARNING);
  return list;
}
