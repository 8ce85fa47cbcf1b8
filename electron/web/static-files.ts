/** Maps a URL path onto a file strictly inside the built renderer folder (the app:// scheme and the browser host share it). */
import { extname, join, normalize, sep } from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** The file for `pathname` under `root`, or null when it would escape root (traversal, encoded or not). */
export function resolveStaticFile(root: string, pathname: string): string | null {
  let rel: string;
  try {
    rel = decodeURIComponent(pathname === '/' || pathname === '' ? '/index.html' : pathname);
  } catch {
    return null;
  }
  if (rel.includes('\0')) return null;
  const base = normalize(root);
  const file = normalize(join(base, rel));
  return file.startsWith(base.endsWith(sep) ? base : base + sep) ? file : null;
}

export function mimeType(file: string): string {
  return MIME[extname(file)] ?? 'application/octet-stream';
}
