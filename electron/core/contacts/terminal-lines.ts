/** The terminal prompt's lines about who asks (crypto-cli listen --approve ask): the card's contact line, as text. */
import type { Fingerprint, RequesterCheck } from '../../../shared/ipc/schemas';

const print = (f: Fingerprint) => `${f.short}  ${f.words.join(' ')}`;

/** Lines to show under the request's first line; empty when the source names nobody checkable. Callers make them terminal-safe. */
export function requesterLines(check: RequesterCheck | null): string[] {
  if (check === null) return [];
  const claims = check.claimedName === null ? [] : [`  calls itself "${check.claimedName}" (a claim, not proof)`];
  const nameIt = check.key ? [`  to name it: crypto-cli contacts name ${check.key} NAME`] : [];
  switch (check.status) {
    case 'known':
      return [`  known requester ${check.name}: ${check.fingerprint ? print(check.fingerprint) : ''}`.trimEnd()];
    case 'impostor': {
      const real = check.impersonates!;
      return [
        `  !! NOT ${real.name}: this request claims the name "${check.claimedName}" but ${
          check.key ? 'is signed with a different key' : 'is not signed at all'
        }`,
        `  !! ${real.name}'s key:      ${print(real.fingerprint)}`,
        `  !! this request's key: ${check.fingerprint ? print(check.fingerprint) : 'none (unsigned)'}`,
      ];
    }
    case 'seen': {
      const since = check.firstSeenAt === null ? '' : `, first seen ${new Date(check.firstSeenAt).toISOString()}`;
      return [`  unnamed requester (asked before${since}): ${print(check.fingerprint!)}`, ...claims, ...nameIt];
    }
    default:
      return [`  NEW REQUESTER (first request from this key): ${print(check.fingerprint!)}`, ...claims, ...nameIt];
  }
}
