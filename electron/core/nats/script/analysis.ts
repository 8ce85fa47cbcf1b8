// Static checks on a parsed script before it runs: AST depth, the functions it calls and their argument counts.
import type { Block, Expr, Node, Program } from './ast';
import { BUILTINS } from './builtins';
import { type Position, parseError, ScriptError } from './errors';
import { checkArity, hostArity, type ScriptHostFunction } from './host';

/** Deeper ASTs are refused at parse time, so the recursive evaluator never overflows the JS stack. */
export const MAX_AST_DEPTH = 256;

/** The direct children of a node, in source order. */
export function childrenOf(node: Node): Node[] {
  switch (node.kind) {
    case 'program':
    case 'body':
      return node.statements;
    case 'let':
      return node.init ? [node.init] : [];
    case 'assign':
      return [node.target, node.value];
    case 'expr':
      return [node.expr];
    case 'while':
      return node.cond ? [node.cond, node.body] : [node.body];
    case 'for':
      return [node.iterable, node.body];
    case 'return':
    case 'throw':
      return node.value ? [node.value] : [];
    case 'template':
      return node.parts.filter((part): part is Block => typeof part !== 'string');
    case 'array':
      return node.items;
    case 'map':
      return node.entries.map((entry) => entry.value);
    case 'index':
      return [node.target, node.index];
    case 'prop':
      return [node.target];
    case 'call':
      return node.args;
    case 'unary':
      return [node.operand];
    case 'binary':
    case 'logical':
      return [node.left, node.right];
    case 'range':
      return [node.start, node.end];
    case 'if':
      return node.otherwise ? [node.cond, node.then, node.otherwise] : [node.cond, node.then];
    case 'block':
      return [node.body];
    default:
      return [];
  }
}

/** Visits every node depth-first with an explicit stack, so even absurd trees cannot overflow the JS stack. */
export function walk(root: Node, visit: (node: Node, depth: number) => void): void {
  const stack: Array<[Node, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [Node, number];
    visit(node, depth);
    const children = childrenOf(node);
    for (const child of children.toReversed()) stack.push([child, depth + 1]);
  }
}

/** Refuses trees deeper than MAX_AST_DEPTH (long operator chains and else-if ladders included). */
export function checkAstDepth(program: Program): void {
  walk(program, (node, depth) => {
    if (depth > MAX_AST_DEPTH && 'pos' in node) {
      parseError(`script is nested too deeply (more than ${MAX_AST_DEPTH} levels)`, node.pos);
    }
  });
}

/** Every function call in source order, method calls included. */
export function callSites(program: Program): Array<Extract<Expr, { kind: 'call' }>> {
  const calls: Array<Extract<Expr, { kind: 'call' }>> = [];
  walk(program, (node) => {
    if (node.kind === 'call') calls.push(node);
  });
  return calls;
}

/**
 * Rejects unknown functions and wrong argument counts before anything runs,
 * so a script with a typo near its end cannot half-run (e.g. create keys, then fail).
 */
export function checkCalls(program: Program, host: Map<string, ScriptHostFunction>): void {
  for (const call of callSites(program)) {
    const builtin = BUILTINS.get(call.name);
    const hostFn = host.get(call.name);
    if (!builtin && !hostFn) throw new ScriptError('unknown_function', `unknown function '${call.name}'`, call.pos);
    const { min, max } = builtin ?? hostArity(hostFn as ScriptHostFunction);
    checkArity(call.name, call.args.length, min, max, call.pos);
  }
}

/** One call's first argument, when it is a plain string literal; null when it is computed. */
export interface FirstArgument {
  name: string;
  literal: string | null;
  pos: Position;
}

/** The first argument of every call to one of `names`, so a host can see statically what a script will name. */
export function firstArguments(program: Program, names: ReadonlySet<string>): FirstArgument[] {
  return callSites(program)
    .filter((call) => names.has(call.name))
    .map((call) => {
      const arg = call.args[0];
      return { name: call.name, literal: arg?.kind === 'string' ? arg.value : null, pos: call.pos };
    });
}
