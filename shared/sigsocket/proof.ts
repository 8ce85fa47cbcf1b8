// Proof of key possession: after the introduction the server asks the connection to sign a fresh
// challenge, and registers the key only once that signature verifies. The challenge travels as an
// ordinary sign request in every dialect, so a wallet written from the protocol text alone still works.

/**
 * Every challenge starts with these bytes. The prefix separates the challenge's domain from every
 * payload a wallet signs for a user, so a signed challenge can never be a meaningful message elsewhere.
 */
export const PROOF_PREFIX = 'sigsocket-proof-v1:';

/** Instance ids that may appear in a challenge (and in NATS subjects and metrics labels). */
export const INSTANCE_ID = /^[A-Za-z0-9_-]{1,64}$/;

const encoder = new TextEncoder();
const PREFIX_BYTES = encoder.encode(PROOF_PREFIX);
/** `<prefix><instance id>:<64 hex digits>`: the whole shape a challenge may have. */
const CHALLENGE = /^sigsocket-proof-v1:[A-Za-z0-9_-]{1,64}:[0-9a-f]{64}$/;
const MAX_CHALLENGE_BYTES = PREFIX_BYTES.length + 64 + 1 + 64;

/** The challenge bytes: prefix, the server's instance id, a colon, then 32 random bytes in hex. */
export function makeProofChallenge(instanceId: string, random: Uint8Array): Uint8Array {
  if (!INSTANCE_ID.test(instanceId)) throw new Error('instance id must match [A-Za-z0-9_-]{1,64}');
  if (random.length !== 32) throw new Error('a challenge carries exactly 32 random bytes');
  const hexRandom = Array.from(random, (b) => b.toString(16).padStart(2, '0')).join('');
  return encoder.encode(`${PROOF_PREFIX}${instanceId}:${hexRandom}`);
}

/** Whether a message starts with the proof prefix: such a message is never shown or signed for a user. */
export function hasProofPrefix(message: Uint8Array): boolean {
  if (message.length < PREFIX_BYTES.length) return false;
  for (let i = 0; i < PREFIX_BYTES.length; i++) if (message[i] !== PREFIX_BYTES[i]) return false;
  return true;
}

/** Whether a message is a well-formed challenge (prefix, instance id, 64 lower-case hex digits, nothing else). */
export function isProofChallenge(message: Uint8Array): boolean {
  if (message.length > MAX_CHALLENGE_BYTES || !hasProofPrefix(message)) return false;
  return CHALLENGE.test(new TextDecoder().decode(message));
}
