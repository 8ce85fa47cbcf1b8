// Loaders for the script language's test vectors under test/vectors/scripts.
import { readFileSync } from 'node:fs';

/** Reads a data file from test/vectors/scripts, where the language's test vectors live. */
export function loadScriptVectors<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../vectors/scripts/${name}`, import.meta.url), 'utf8')) as T;
}

/** Reads a script file from test/vectors/scripts byte for byte. */
export function loadScript(name: string): string {
  return readFileSync(new URL(`../vectors/scripts/${name}`, import.meta.url), 'utf8');
}
