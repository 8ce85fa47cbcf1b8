import { describe, expect, it } from 'vitest';
import { OPAQUE_32_WARNING, type PendingRequestView } from '../../../../shared/ipc/schemas';
import {
  needsScriptPassword,
  openRequests,
  requesterGroups,
  requesterKey,
  requesterText,
  warningsOf,
} from './request-model';

const req = (
  id: string,
  createdAt: number,
  requester: string | null,
  over: Partial<PendingRequestView> = {},
): PendingRequestView => ({
  id,
  source: {
    kind: 'sigsocket',
    endpoint: 'ws://h/ws',
    requester,
    verified: requester !== null,
    label: requester ?? 'ws://h/ws',
  },
  target: { keyspace: 'k', keypair: '02ab', keypairName: 'p' },
  contact: null,
  operation: 'sign',
  detail: null,
  script: null,
  grant: { offered: false, note: '' },
  preview: { kind: 'text', text: 'hi', truncated: false, size: 2, sha256: '00', opaqueWarning: false, warnings: [] },
  state: 'pending',
  unlockNeeded: false,
  createdAt,
  expiresAt: createdAt + 60_000,
  ...over,
});

const script = (functions: string[]) => ({ source: 'x', functions, keyspaces: [], keyManagement: [] });

describe('request model', () => {
  it('lists open requests newest first and hides finished ones', () => {
    const list = openRequests([
      req('a', 1, 'x'),
      req('b', 3, 'x'),
      req('c', 2, 'x', { state: 'rejected' }),
      req('d', 2, null, { state: 'approved' }),
    ]);
    expect(list.map((r) => r.id)).toEqual(['b', 'd', 'a']);
  });

  it('groups pending requests per requester, falling back to the endpoint', () => {
    const groups = requesterGroups([
      req('a', 1, 'alice'),
      req('b', 2, 'alice'),
      req('c', 3, null),
      req('d', 4, null),
      req('e', 5, 'bob'),
    ]);
    expect(groups).toEqual([
      { requester: 'alice', ids: ['a', 'b'], count: 2, verified: true },
      { requester: 'ws://h/ws', ids: ['c', 'd'], count: 2, verified: false },
    ]);
    expect(requesterKey(req('z', 1, null))).toBe('ws://h/ws');
  });

  it('asks for a session password only for scripts that open keyspaces', () => {
    expect(needsScriptPassword(req('a', 1, null, { script: script(['sign', 'create_key_space']) }))).toBe(true);
    expect(needsScriptPassword(req('a', 1, null, { script: script(['sign']) }))).toBe(false);
    expect(needsScriptPassword(req('a', 1, null))).toBe(false);
  });

  it('always shows the opaque-payload warning, once', () => {
    const p = req('a', 1, null).preview;
    expect(warningsOf(p)).toEqual([]);
    expect(warningsOf({ ...p, opaqueWarning: true })).toEqual([OPAQUE_32_WARNING]);
    expect(warningsOf({ ...p, opaqueWarning: true, warnings: ['invisible chars', OPAQUE_32_WARNING] })).toEqual([
      'invisible chars',
      OPAQUE_32_WARNING,
    ]);
  });

  it('says "not identified" rather than repeating the core\'s "unverified" placeholder', () => {
    expect(requesterText(req('a', 1, null).source)).toBe('not identified');
    expect(requesterText({ ...req('a', 1, 'unverified').source, verified: false })).toBe('not identified');
    expect(requesterText(req('a', 1, '02abcd').source)).toBe('02abcd');
  });
});
