/**
 * The name a NATS requester claims for itself (`Wallet-Requester-Name`). It is a claim, like a From
 * line: the wallet never trusts it, it only compares it with the contacts, so a request that borrows a
 * known name with another key is flagged on its card.
 */
import { WalletError } from '../../../shared/errors';
import { Name } from '../../../shared/ipc/schemas';
import { issueMessage } from '../../../shared/zod-issue';
import type { HeaderLookup } from './identity';

export const REQUESTER_NAME_HEADER = 'Wallet-Requester-Name';

/** `{ claimedName }` when the header is present; a malformed one is refused rather than shown cut or cleaned. */
export function claimedNameOf(header: HeaderLookup): { claimedName?: string } {
  const value = header(REQUESTER_NAME_HEADER);
  if (value === undefined) return {};
  const parsed = Name.safeParse(value);
  if (!parsed.success) {
    throw new WalletError('bad_input', `${REQUESTER_NAME_HEADER}: ${issueMessage(parsed.error)} (1-64 characters)`);
  }
  return { claimedName: parsed.data };
}
