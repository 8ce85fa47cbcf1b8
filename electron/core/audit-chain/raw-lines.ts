// Audit files read byte for byte: every stored line in order, and a file's last line for resuming the chain.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';

/** One line exactly as stored: its bytes (newline included when present) and where it sits. */
export interface RawLine {
  file: string;
  /** 1-based within its file. */
  line: number;
  bytes: Buffer;
}

/**
 * Every line of the files in order, byte for byte: hashing needs the stored bytes, not text that a
 * decoder has normalised. Missing files are skipped. A last line without a newline is yielded as is.
 */
export async function* readRawLines(files: string[]): AsyncGenerator<RawLine> {
  for (const file of files) {
    const stream = createReadStream(file);
    const opened = await new Promise<boolean>((resolve) => {
      stream.once('open', () => resolve(true));
      stream.once('error', () => resolve(false));
    });
    if (!opened) continue;
    let pending: Buffer[] = [];
    let line = 0;
    const name = basename(file);
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let start = 0;
      for (let nl = chunk.indexOf(0x0a); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
        pending.push(chunk.subarray(start, nl + 1));
        yield { file: name, line: ++line, bytes: Buffer.concat(pending) };
        pending = [];
        start = nl + 1;
      }
      if (start < chunk.length) pending.push(chunk.subarray(start));
    }
    if (pending.length > 0) yield { file: name, line: ++line, bytes: Buffer.concat(pending) };
  }
}

/**
 * The last line of a file (up to `maxBytes` long) and whether the file ends in a newline; null for
 * an empty or missing file. When the file does not end in a newline, `line` is the last complete
 * line and `tornBytes` counts what follows it.
 */
export async function readLastLine(
  file: string,
  maxBytes = 1 << 20,
): Promise<{ line: Buffer | null; tornBytes: number; size: number } | null> {
  const handle = await open(file, 'r').catch(() => null);
  if (!handle) return null;
  try {
    const stats = await handle.stat();
    // Not a regular file (a directory in its place): nothing to resume; writing there will fail and be reported.
    if (!stats.isFile() || stats.size === 0) return null;
    const { size } = stats;
    const length = Math.min(size, maxBytes);
    const buf = Buffer.alloc(length);
    await handle.read(buf, 0, length, size - length);
    const lastNl = buf.lastIndexOf(0x0a);
    if (lastNl === -1) return { line: null, tornBytes: size, size };
    const tornBytes = length - lastNl - 1;
    const before = buf.lastIndexOf(0x0a, lastNl - 1);
    if (before === -1 && length < size) return { line: null, tornBytes, size };
    return { line: buf.subarray(before + 1, lastNl + 1), tornBytes, size };
  } finally {
    await handle.close();
  }
}
