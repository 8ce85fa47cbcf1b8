/** What went wrong, as a stable code the NATS listener can map to a reply. */
export type ScriptErrorCode =
  | 'too_large'
  | 'parse_error'
  | 'step_limit'
  | 'timeout'
  | 'aborted'
  | 'output_limit'
  | 'unknown_function'
  | 'type_error'
  | 'runtime_error'
  | 'host_error';

/** A source position: 1-based line and column (columns count Unicode code points). */
export interface Position {
  line: number;
  column: number;
}

/**
 * The only error a script can cause. The message is meant for the requester and already
 * ends with "(line L, column C)" when a position is known.
 */
export class ScriptError extends Error {
  readonly code: ScriptErrorCode;
  readonly line?: number;
  readonly column?: number;

  constructor(code: ScriptErrorCode, message: string, pos?: Position, options?: { cause?: unknown }) {
    super(pos ? `${message} (line ${pos.line}, column ${pos.column})` : message, options);
    this.name = 'ScriptError';
    this.code = code;
    if (pos) {
      this.line = pos.line;
      this.column = pos.column;
    }
  }
}

/** Raises a parse error at a position; parse errors always carry one. */
export function parseError(message: string, pos: Position): never {
  throw new ScriptError('parse_error', message, pos);
}
