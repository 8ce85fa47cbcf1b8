/**
 * Turns a (channel, argument) pair from an untrusted renderer into a call on the core.
 * Shared by the Electron IPC binding and the browser host, so both validate identically:
 * unknown channel → refused; argument parsed against the channel's schema; the answer is parsed
 * against the response schema too, which strips any field the contract does not declare.
 */
import { z } from 'zod';
import { toErrorPayload, WalletError } from '../../../shared/errors';
import { type ChannelName, channels, isChannelName, type ResponseOf, type Result } from '../../../shared/ipc/contract';

type ParsedRequestOf<C extends ChannelName> = z.output<(typeof channels)[C]['request']>;

/** The core's implementation of every channel in the contract. */
export type Handlers = {
  [C in ChannelName]: (req: ParsedRequestOf<C>) => Promise<ResponseOf<C>> | ResponseOf<C>;
};

export type Dispatch = (channel: unknown, arg: unknown) => Promise<Result<unknown>>;

/** Builds the one dispatcher; `onError` sees unexpected errors (never sent to the renderer verbatim). */
export function createDispatcher(handlers: Handlers, onError?: (channel: string, e: unknown) => void): Dispatch {
  return async (channel, arg) => {
    if (!isChannelName(channel)) {
      return {
        ok: false,
        error: { code: 'unknown_channel', message: `unknown channel: ${String(channel).slice(0, 64)}` },
      };
    }
    const spec = channels[channel];
    const parsed = spec.request.safeParse(arg);
    if (!parsed.success) {
      return { ok: false, error: { code: 'bad_input', message: `${channel}: ${z.prettifyError(parsed.error)}` } };
    }
    try {
      const handler = handlers[channel] as (req: unknown) => Promise<unknown> | unknown;
      const value = spec.response.parse(await handler(parsed.data));
      return { ok: true, value };
    } catch (e) {
      if (!(e instanceof WalletError)) onError?.(channel, e);
      return { ok: false, error: toErrorPayload(e) };
    }
  };
}
