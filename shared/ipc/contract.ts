/**
 * The one IPC contract. Every invoke channel (`noun:verb`, request + response schema) and every push
 * event is listed here and nowhere else: the preload, the main-process binding, the browser host and
 * the renderer's wallet-client all derive from this file.
 */
import { z } from 'zod';
import { ERROR_CODES } from '../domain';
import * as s from './schemas';

/** A channel's request and response schemas. */
export interface ChannelSpec<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  request: Req;
  response: Res;
}
const channel = <Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res) => ({ request, response });
const none = z.undefined();
const ok = z.null();

const Keyspace = z.object({ name: s.Name });
const Keypair = z.object({ keyspace: s.Name, name: s.Name });
const Mnemonic = z.object({ mnemonic: z.string() });
const Count = z.object({ count: z.number().int().nonnegative() });
/**
 * A batch decision names the exact requests its dialog showed (the queue never holds more than 1,000);
 * a request that arrived later is not part of it. Every id must come from `requester`.
 */
const Batch = z.object({ requester: z.string().max(512), ids: z.array(s.Id).min(1).max(1000) });

export const channels = {
  'app:info': channel(none, s.AppInfo),
  'state:get': channel(none, s.StateSnapshot),
  /** Figures only (counts, a mean, connection states): what the operator's /metrics shows. */
  'metrics:get': channel(none, s.MetricsView),

  // Keyspaces. A new mnemonic is shown exactly once (create); reveal needs the password again.
  'keyspace:create': channel(
    z.object({ name: s.Name, password: s.Password, words: z.union([z.literal(12), z.literal(24)]).default(24) }),
    Mnemonic,
  ),
  'keyspace:import': channel(z.object({ name: s.Name, mnemonic: z.string().max(1024), password: s.Password }), ok),
  'keyspace:unlock': channel(z.object({ name: s.Name, password: s.Password }), ok),
  'keyspace:lock': channel(Keyspace, ok),
  'keyspace:lockAll': channel(none, ok),
  'keyspace:rename': channel(z.object({ name: s.Name, newName: s.Name }), ok),
  'keyspace:delete': channel(z.object({ name: s.Name, password: s.Password, confirmName: z.string() }), ok),
  'keyspace:changePassword': channel(z.object({ name: s.Name, oldPassword: s.Password, newPassword: s.Password }), ok),
  'keyspace:revealMnemonic': channel(z.object({ name: s.Name, password: s.Password }), Mnemonic),

  // Keypairs. Only the import flow carries a private key, renderer → main.
  'keypair:create': channel(Keypair.extend({ type: s.KeyType.default('secp256k1') }), s.KeypairInfo),
  'keypair:import': channel(Keypair.extend({ privateKeyHex: s.HexKey.max(130) }), s.KeypairInfo),
  'keypair:rename': channel(Keypair.extend({ newName: s.Name }), ok),
  'keypair:remove': channel(Keypair, ok),

  // Approval: by id only, never by request body.
  'request:approve': channel(
    z.object({
      id: s.Id,
      /** "Allow this requester for N minutes" (or until lock) for the same keypair and operation. */
      allowFor: z
        .object({
          minutes: z
            .number()
            .int()
            .min(1)
            .max(24 * 60)
            .optional(),
          untilLock: z.boolean().optional(),
          /** For a script: cover any script from this requester, not only this exact text. */
          anyScript: z.boolean().optional(),
        })
        .optional(),
      /** A script's session password, for create_key_space/load_key_space called without one. */
      scriptPassword: s.Password.optional(),
    }),
    ok,
  ),
  'request:reject': channel(z.object({ id: s.Id, remember: z.boolean().default(false) }), ok),
  'request:approveAll': channel(Batch, Count),
  'request:rejectAll': channel(Batch, Count),

  // Known requesters: a verified NATS key the user named. Keys are public; naming one again renames it.
  'contact:list': channel(none, z.array(s.ContactView)),
  'contact:name': channel(z.object({ key: z.string().max(130), name: s.Name }), s.ContactView),
  'contact:forget': channel(z.object({ key: z.string().max(130) }), ok),
  // contacts.json changed outside the app and does not validate: what is wrong (the app keeps its contacts).
  'contact:status': channel(none, z.object({ fileProblem: z.string().nullable() })),

  'policy:list': channel(none, z.array(s.PolicyView)),
  // A rule for a named requester: the contact's key, verified requests only.
  'policy:add': channel(s.ContactPolicyInput, s.PolicyView),
  'policy:revoke': channel(z.object({ id: s.Id }), ok),

  'audit:query': channel(s.AuditQuery, z.object({ entries: z.array(s.AuditEntry), total: z.number().int() })),
  'audit:export': channel(
    z.object({ format: z.enum(['json', 'csv']), query: s.AuditQuery.default({ limit: 10_000, offset: 0 }) }),
    z.object({ filename: z.string(), mime: z.string(), content: z.string() }),
  ),
  'audit:verify': channel(none, s.AuditVerification),

  // Connections
  'sigsocket:add': channel(s.SigsocketServerInput, s.SigsocketServerView),
  'sigsocket:update': channel(
    // `ca` omitted keeps the stored CA (the renderer never sees it); null removes it.
    s.SigsocketServerInput.extend({ id: s.Id, ca: s.SigsocketServerInput.shape.ca.removeDefault().optional() }),
    s.SigsocketServerView,
  ),
  'sigsocket:remove': channel(z.object({ id: s.Id }), ok),
  'sigsocket:reconnect': channel(z.object({ id: s.Id }), ok),
  /** Pins the changed certificate the user compared, named by its SPKI SHA-256; a different one is refused. */
  'sigsocket:acceptCertificate': channel(z.object({ id: s.Id, sha256: z.string().regex(/^[0-9a-f]{64}$/) }), ok),
  'nats:configure': channel(s.NatsConfigInput, s.NatsView),
  'nats:reconnect': channel(none, ok),

  'settings:set': channel(s.Settings.partial(), s.Settings),

  'backup:status': channel(none, s.BackupStatus),
  'backup:create': channel(
    s.BackupCreate,
    z.object({ path: z.string(), createdAt: s.Millis, keyspaces: z.number().int().nonnegative() }),
  ),
  'backup:restore': channel(
    s.BackupRestore,
    z.object({ restored: z.array(z.string()), replaced: z.array(z.string()) }),
  ),
} satisfies Record<string, ChannelSpec>;

/** Push events main → renderer. The renderer mirrors these snapshots; it owns no state of its own. */
export const events = {
  'state:snapshot': s.StateSnapshot,
  /** Bring one request into view (a notification for it was clicked). */
  'request:focus': z.object({ id: s.Id }),
} satisfies Record<string, z.ZodType>;

export type ChannelName = keyof typeof channels;
export type EventName = keyof typeof events;
export type RequestOf<C extends ChannelName> = z.input<(typeof channels)[C]['request']>;
export type ResponseOf<C extends ChannelName> = z.output<(typeof channels)[C]['response']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export const ErrorPayload = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  /** Facts a program acts on (e.g. `wordIndex` of a bad mnemonic word): never parse `message`. */
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});
export type ErrorPayload = z.infer<typeof ErrorPayload>;
/** What every call answers; nothing ever throws across IPC. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };

export const channelNames = Object.keys(channels) as ChannelName[];
export const eventNames = Object.keys(events) as EventName[];

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.hasOwn(channels, name);
}

// ## Names the preload exposes: `keyspace:create` → `keyspaceCreate`, event `state:snapshot` → `onStateSnapshot`
type Camel<S extends string> = S extends `${infer A}:${infer B}` ? `${A}${Capitalize<B>}` : S;
export type MethodName<C extends ChannelName> = Camel<C>;
export type EventMethodName<E extends EventName> = `on${Capitalize<Camel<E>>}`;

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** `noun:verb` → `nounVerb` (every channel and event name has both parts). */
export function methodName<C extends ChannelName>(c: C): MethodName<C> {
  const [noun, verb = ''] = c.split(':');
  return `${noun}${capitalize(verb)}` as MethodName<C>;
}
/** `noun:verb` → `onNounVerb`. */
export function eventMethodName<E extends EventName>(e: E): EventMethodName<E> {
  return `on${capitalize(methodName(e as unknown as ChannelName))}` as EventMethodName<E>;
}

/** The API the preload exposes as `window.wallet` and the browser host's client mirrors. */
export type WalletApi = {
  [C in ChannelName as MethodName<C>]: (
    ...req: RequestOf<C> extends undefined ? [] : [RequestOf<C>]
  ) => Promise<Result<ResponseOf<C>>>;
} & {
  [E in EventName as EventMethodName<E>]: (listener: (payload: EventPayload<E>) => void) => () => void;
};
