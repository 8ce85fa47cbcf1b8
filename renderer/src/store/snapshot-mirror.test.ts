import { describe, expect, it } from 'vitest';
import type { Result } from '../../../shared/ipc/contract';
import type { StateSnapshot } from '../../../shared/ipc/schemas';
import { createSnapshotMirror } from './snapshot-mirror';

const snap = (seq: number, name = `ks${seq}`): StateSnapshot => ({
  seq,
  keyspaces: [{ name, locked: true, keypairs: [] }],
  requests: [],
  sigsocket: [],
  nats: null,
  settings: { autoLockMinutes: 15, raiseOnRequest: true, notifications: true, theme: 'system', checkForUpdates: true },
});

function fakeSource(first: Result<StateSnapshot>) {
  let push: (s: StateSnapshot) => void = () => {};
  let answer = first;
  let unsubscribed = false;
  return {
    source: {
      stateGet: async () => answer,
      onStateSnapshot: (l: (s: StateSnapshot) => void) => {
        push = l;
        return () => {
          unsubscribed = true;
        };
      },
    },
    push: (s: StateSnapshot) => push(s),
    setAnswer: (r: Result<StateSnapshot>) => {
      answer = r;
    },
    unsubscribed: () => unsubscribed,
  };
}

describe('snapshot mirror', () => {
  it('takes state:get, then newer pushes, and drops stale ones', async () => {
    const f = fakeSource({ ok: true, value: snap(5) });
    const m = createSnapshotMirror(f.source);
    let changes = 0;
    m.subscribe(() => changes++);
    await m.start();
    expect(m.get().snapshot?.seq).toBe(5);
    f.push(snap(4));
    expect(m.get().snapshot?.seq).toBe(5);
    f.push(snap(7));
    expect(m.get().snapshot?.keyspaces[0]?.name).toBe('ks7');
    f.push(snap(6));
    expect(m.get().snapshot?.seq).toBe(7);
    expect(changes).toBe(2);
  });

  it('keeps a push that overtook the initial read', async () => {
    const f = fakeSource({ ok: true, value: snap(1) });
    const m = createSnapshotMirror(f.source);
    const started = m.start();
    f.push(snap(3));
    await started;
    expect(m.get().snapshot?.seq).toBe(3);
  });

  it('reports a failed first read, and resync takes a lower seq after main restarted', async () => {
    const f = fakeSource({ ok: false, error: { code: 'unavailable', message: 'connection to the wallet was lost' } });
    const m = createSnapshotMirror(f.source);
    await m.start();
    expect(m.get()).toEqual({ snapshot: null, error: 'connection to the wallet was lost' });
    f.push(snap(9));
    expect(m.get().error).toBeNull();
    f.setAnswer({ ok: true, value: snap(0, 'fresh') });
    await m.resync();
    expect(m.get().snapshot?.keyspaces[0]?.name).toBe('fresh');
    m.stop();
    expect(f.unsubscribed()).toBe(true);
  });
});
