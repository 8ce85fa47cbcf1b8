/** Domain schemas carried by the IPC contract. Nothing here ever holds key material. */
import { z } from 'zod';

export const SecretStoreInfo = z.object({
  kind: z.enum(['keychain', 'file']),
  /** Human text, e.g. "OS keychain (Secret Service)" or the file store's warning. */
  description: z.string(),
  warning: z.string().nullable(),
});

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  dataDir: z.string(),
  secretStore: SecretStoreInfo,
});
export type AppInfo = z.infer<typeof AppInfo>;

export const StateSnapshot = z.object({
  /** Increases with every snapshot so a mirror can drop stale ones. */
  seq: z.number().int().nonnegative(),
});
export type StateSnapshot = z.infer<typeof StateSnapshot>;
