/**
 * Makes sure a new request is not missed: a native notification per new pending request (clicking it
 * focuses that request), the window raised when the setting asks for it, and the tray count kept current.
 */
import type { StateSnapshot } from '../../shared/ipc/schemas';

export interface NotificationLike {
  on(event: 'click', listener: () => void): unknown;
  show(): void;
}
export interface AttentionDeps {
  Notification: {
    new (opts: { title: string; body: string; silent?: boolean }): NotificationLike;
    isSupported(): boolean;
  };
  setPending(count: number): void;
  raiseWindow(): void;
  focusRequest(id: string): void;
}

type RequestView = StateSnapshot['requests'][number];

/** Who asks as the card says it: a contact's name, a new or unnamed key by its short fingerprint, else the source's label. */
function whoAsks(r: RequestView): string {
  const c = r.contact;
  if (c?.status === 'known' && c.name) return c.name;
  if (c?.status === 'impostor' && c.impersonates) return `Not ${c.impersonates.name}: a request claiming that name`;
  if (c?.status === 'new' && c.fingerprint) return `New requester ${c.fingerprint.short}`;
  if (c?.status === 'seen' && c.fingerprint) return `Unnamed requester ${c.fingerprint.short}`;
  return r.source.requester ? `${r.source.requester}${r.source.verified ? '' : ' (unverified)'}` : r.source.endpoint;
}

/** One line naming who asks and with which key, never the payload itself. */
export function describeRequest(r: RequestView): { title: string; body: string } {
  const what = r.operation === 'script' ? 'run a script' : r.operation === 'key_management' ? 'manage keys' : 'sign';
  const key = r.target.keypairName ?? `${r.target.keypair.slice(0, 12)}…`;
  const impostor = r.contact?.status === 'impostor';
  return {
    title: impostor
      ? `Warning: request from ${r.source.kind} under a known name`
      : `Signature request from ${r.source.kind}`,
    body: `${whoAsks(r)} asks to ${what} with ${key} in ${r.target.keyspace}`,
  };
}

export function createAttention(deps: AttentionDeps): { onSnapshot(s: StateSnapshot): void } {
  const seen = new Set<string>();
  return {
    onSnapshot(snapshot) {
      const pending = snapshot.requests.filter((r) => r.state === 'pending');
      deps.setPending(pending.length);
      const fresh = pending.filter((r) => !seen.has(r.id));
      const live = new Set(snapshot.requests.map((r) => r.id));
      for (const id of seen) if (!live.has(id)) seen.delete(id);
      for (const r of fresh) seen.add(r.id);
      const [first] = fresh;
      if (first === undefined) return;
      if (snapshot.settings.notifications && deps.Notification.isSupported()) {
        // A burst gets one summary notification instead of a wall of them.
        if (fresh.length > 3) {
          const n = new deps.Notification({ title: 'Signing Wallet', body: `${fresh.length} new signature requests` });
          n.on('click', () => deps.focusRequest(first.id));
          n.show();
        } else {
          for (const r of fresh) {
            const n = new deps.Notification(describeRequest(r));
            n.on('click', () => deps.focusRequest(r.id));
            n.show();
          }
        }
      }
      if (snapshot.settings.raiseOnRequest) deps.raiseWindow();
    },
  };
}
