/**
 * The one IPC contract. Every invoke channel (`noun:verb`, request + response schema) and every push
 * event is listed here and nowhere else: the preload, the main-process binding, the browser host and
 * the renderer's wallet-client all derive from this file.
 */
import { z } from 'zod';
import { ERROR_CODES } from '../errors';
import * as s from './schemas';

/** A channel's request and response schemas. */
export interface ChannelSpec<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  request: Req;
  response: Res;
}
const channel = <Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res) => ({ request, response });
const none = z.undefined();
const ok = z.null();

export const channels = {
  'app:info': channel(none, s.AppInfo),
  'state:get': channel(none, s.StateSnapshot),
} satisfies Record<string, ChannelSpec>;

/** Push events main → renderer. The renderer mirrors these snapshots; it owns no state of its own. */
export const events = {
  'state:snapshot': s.StateSnapshot,
} satisfies Record<string, z.ZodType>;

export type ChannelName = keyof typeof channels;
export type EventName = keyof typeof events;
export type RequestOf<C extends ChannelName> = z.input<(typeof channels)[C]['request']>;
export type ResponseOf<C extends ChannelName> = z.output<(typeof channels)[C]['response']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export const ErrorPayload = z.object({ code: z.enum(ERROR_CODES), message: z.string() });
export type ErrorPayload = z.infer<typeof ErrorPayload>;
/** What every call answers; nothing ever throws across IPC. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };

export const channelNames = Object.keys(channels) as ChannelName[];
export const eventNames = Object.keys(events) as EventName[];

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.hasOwn(channels, name);
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}

// ## Names the preload exposes: `keyspace:create` → `keyspaceCreate`, event `state:snapshot` → `onStateSnapshot`
type Camel<S extends string> = S extends `${infer A}:${infer B}` ? `${A}${Capitalize<B>}` : S;
export type MethodName<C extends ChannelName> = Camel<C>;
export type EventMethodName<E extends EventName> = `on${Capitalize<Camel<E>>}`;

/** `noun:verb` → `nounVerb`. */
export function methodName<C extends ChannelName>(c: C): MethodName<C> {
  const [noun, verb] = c.split(':');
  return `${noun}${verb[0].toUpperCase()}${verb.slice(1)}` as MethodName<C>;
}
/** `noun:verb` → `onNounVerb`. */
export function eventMethodName<E extends EventName>(e: E): EventMethodName<E> {
  const m = methodName(e as unknown as ChannelName) as string;
  return `on${m[0].toUpperCase()}${m.slice(1)}` as EventMethodName<E>;
}

/** The API the preload exposes as `window.wallet` and the browser host's client mirrors. */
export type WalletApi = {
  [C in ChannelName as MethodName<C>]: (
    ...req: RequestOf<C> extends undefined ? [] : [RequestOf<C>]
  ) => Promise<Result<ResponseOf<C>>>;
} & {
  [E in EventName as EventMethodName<E>]: (listener: (payload: EventPayload<E>) => void) => () => void;
};
