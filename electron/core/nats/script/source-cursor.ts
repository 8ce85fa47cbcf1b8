// A position in script source text: the index, and the line and column shown in errors.
import type { Position } from './errors';

/** Walks source text one UTF-16 unit at a time while keeping a 1-based line and code-point column. */
export class SourceCursor {
  i = 0;
  private line = 1;
  private column = 1;

  constructor(readonly src: string) {
    if (src.charCodeAt(0) === 0xfeff) this.i = 1;
  }

  get pos(): Position {
    return { line: this.line, column: this.column };
  }

  get atEnd(): boolean {
    return this.i >= this.src.length;
  }

  peek(offset = 0): string {
    return this.src[this.i + offset] ?? '';
  }

  /** Moves past one UTF-16 unit; the second half of a surrogate pair does not advance the column. */
  advance(): string {
    const c = this.src[this.i++] ?? '';
    if (c === '\n') {
      this.line++;
      this.column = 1;
    } else if (!(isLowSurrogate(c) && isHighSurrogate(this.src[this.i - 2] ?? ''))) {
      this.column++;
    }
    return c;
  }

  /** Advances `count` units. */
  skip(count: number): void {
    for (let k = 0; k < count; k++) this.advance();
  }
}

const isHighSurrogate = (c: string) => c >= '\ud800' && c <= '\udbff';
const isLowSurrogate = (c: string) => c >= '\udc00' && c <= '\udfff';
