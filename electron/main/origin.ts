/** The app's own origin. The renderer is served from this privileged scheme, never from file://. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'wallet';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** scheme://host of a URL; custom schemes report origin "null" in WHATWG URL, so build it by hand. */
export function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return null;
  }
}

/** True only for a URL on one of the allowed origins (exact scheme + host + port). */
export function isTrustedUrl(url: string | undefined | null, allowedOrigins: readonly string[]): boolean {
  if (!url) return false;
  const origin = originOf(url);
  return origin !== null && allowedOrigins.includes(origin);
}
