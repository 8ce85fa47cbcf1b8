import { describe, expect, it } from 'vitest';
import type { StateSnapshot } from '../../shared/ipc/schemas';
import { at } from '../../test/helpers/at';
import { createAttention, describeRequest } from './attention';

type Req = StateSnapshot['requests'][number];
const req = (id: string, state: Req['state'] = 'pending', requester: string | null = 'app.example'): Req => ({
  id,
  source: {
    kind: 'sigsocket',
    endpoint: 'ws://127.0.0.1:8080/ws',
    requester,
    verified: false,
    label: requester ?? 'ws://127.0.0.1:8080/ws',
  },
  target: { keyspace: 'main', keypair: '02'.padEnd(66, 'a'), keypairName: 'signer' },
  contact: null,
  operation: 'sign',
  detail: null,
  script: null,
  grant: { offered: true, note: 'A grant covers everything this server relays.' },
  preview: {
    kind: 'text',
    text: 'secret message body',
    truncated: false,
    size: 19,
    sha256: 'ab',
    opaqueWarning: false,
    warnings: [],
  },
  state,
  unlockNeeded: false,
  createdAt: 0,
  expiresAt: 60_000,
});
const snap = (requests: Req[], settings: Partial<StateSnapshot['settings']> = {}): StateSnapshot => ({
  seq: 1,
  keyspaces: [],
  requests,
  sigsocket: [],
  nats: null,
  settings: {
    autoLockMinutes: 15,
    raiseOnRequest: true,
    notifications: true,
    theme: 'system',
    checkForUpdates: true,
    ...settings,
  },
});

function harness() {
  const shown: Array<{ title: string; body: string; click?: () => void }> = [];
  const calls = { pending: [] as number[], raised: 0, focused: [] as string[] };
  class FakeNotification {
    entry: { title: string; body: string; click?: () => void };
    constructor(opts: { title: string; body: string }) {
      this.entry = { ...opts };
    }
    static isSupported() {
      return true;
    }
    on(_e: 'click', l: () => void) {
      this.entry.click = l;
    }
    show() {
      shown.push(this.entry);
    }
  }
  const attention = createAttention({
    Notification: FakeNotification,
    setPending: (n) => calls.pending.push(n),
    raiseWindow: () => calls.raised++,
    focusRequest: (id) => calls.focused.push(id),
  });
  return { attention, shown, calls };
}

describe('attention', () => {
  it('notifies once per new pending request and clicking focuses that request', () => {
    const { attention, shown, calls } = harness();
    attention.onSnapshot(snap([req('a')]));
    attention.onSnapshot(snap([req('a'), req('b')]));
    attention.onSnapshot(snap([req('a', 'signed'), req('b')]));
    expect(shown.map((n) => n.body)).toEqual([
      'app.example (unverified) asks to sign with signer in main',
      'app.example (unverified) asks to sign with signer in main',
    ]);
    at(shown, 1).click?.();
    expect(calls.focused).toEqual(['b']);
    expect(calls.pending).toEqual([1, 2, 1]);
    expect(calls.raised).toBe(2);
  });

  it('never puts the payload in a notification', () => {
    expect(JSON.stringify(describeRequest(req('a')))).not.toContain('secret message body');
  });

  it('names who asks as the card does: contact, new or unnamed fingerprint, or a warning for an impostor', () => {
    const fingerprint = { short: '02aabbcc…ddeeff00', words: ['one', 'two', 'three', 'four', 'five', 'six'] };
    const key = '02'.padEnd(66, 'b');
    const base = { key, fingerprint, name: null, claimedName: 'Billing', impersonates: null, firstSeenAt: 1 };
    const nats = (contact: Req['contact']): Req => ({
      ...req('n', 'pending', key),
      source: { kind: 'nats', endpoint: 'crypto.scripts', requester: key, verified: true, label: key },
      contact,
    });
    expect(describeRequest(nats({ ...base, status: 'known', name: 'Billing' })).body).toBe(
      'Billing asks to sign with signer in main',
    );
    expect(describeRequest(nats({ ...base, status: 'new' })).body).toMatch(/^New requester 02aabbcc…ddeeff00 asks/);
    expect(describeRequest(nats({ ...base, status: 'seen' })).body).toMatch(
      /^Unnamed requester 02aabbcc…ddeeff00 asks/,
    );
    const impostor = describeRequest(
      nats({ ...base, status: 'impostor', impersonates: { name: 'Billing', fingerprint } }),
    );
    expect(impostor.title).toBe('Warning: request from nats under a known name');
    expect(impostor.body).toMatch(/^Not Billing: a request claiming that name asks/);
  });

  it('honours the notification and raise settings', () => {
    const { attention, shown, calls } = harness();
    attention.onSnapshot(snap([req('a')], { notifications: false, raiseOnRequest: false }));
    expect(shown).toHaveLength(0);
    expect(calls.raised).toBe(0);
    expect(calls.pending).toEqual([1]);
  });

  it('summarises a burst in one notification', () => {
    const { attention, shown } = harness();
    attention.onSnapshot(snap(['a', 'b', 'c', 'd', 'e'].map((id) => req(id))));
    expect(shown).toHaveLength(1);
    expect(at(shown, 0).body).toBe('5 new signature requests');
  });
});
