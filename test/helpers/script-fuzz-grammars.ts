// Script source generators for the fuzz tests: `grammar` yields syntactically valid programs with
// random types (most fail type checks at run time), `typed` yields well-typed ones that mostly succeed.
import fc from 'fast-check';

export const VARIABLES = ['v0', 'v1', 'v2', 'v3'];
export const PRELUDE = 'let v0 = 1; let v1 = "s"; let v2 = [1, 2]; let v3 = #{k: 1};';

/** Source text of valid (if not always well-typed) expressions and statements. */
export const grammar = fc.letrec<{ expr: string; stmt: string; block: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }).map(String),
    fc
      .double({ min: 0, max: 1e20, noNaN: true })
      .map((x) => (Number.isInteger(x) ? `${x}.0` : String(x)).replace('e+', 'e')),
    fc.string({ maxLength: 8 }).map((s) => JSON.stringify(s)),
    fc.constantFrom('true', 'false', '()', "'c'", ...VARIABLES),
    fc
      .tuple(
        tie('expr'),
        fc.constantFrom('+', '-', '*', '/', '%', '==', '!=', '<', '<=', '>', '>=', '&&', '||'),
        tie('expr'),
      )
      .map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(fc.constantFrom('-', '!', '+'), tie('expr')).map(([op, a]) => `${op}(${a})`),
    fc.array(tie('expr'), { maxLength: 4 }).map((items) => `[${items.join(', ')}]`),
    fc
      .uniqueArray(fc.tuple(fc.constantFrom('a', 'b', '"c d"', '__proto__', 'constructor'), tie('expr')), {
        maxLength: 3,
        selector: ([key]) => key.replaceAll('"', ''),
      })
      .map((entries) => `#{${entries.map(([k, v]) => `${k}: ${v}`).join(', ')}}`),
    fc.tuple(tie('expr'), tie('expr')).map(([a, i]) => `(${a})[${i}]`),
    fc.tuple(tie('expr'), fc.constantFrom('a', 'k', 'len')).map(([a, k]) => `(${a}).${k}`),
    fc.tuple(tie('expr'), tie('block'), tie('block')).map(([c, t, e]) => `if ${c} ${t} else ${e}`),
    fc
      .tuple(fc.constantFrom('len', 'to_string', 'to_debug', 'type_of', 'is_empty', 'keys'), tie('expr'))
      .map(([f, a]) => `${f}(${a})`),
    fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `\`<\${${a}}|\${${b}}>\``),
    fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `(${a}..${b})`),
    tie('block'),
  ),
  block: fc.array(tie('stmt'), { maxLength: 3 }).map((stmts) => `{ ${stmts.join(' ')} }`),
  stmt: fc.oneof(
    { depthSize: 'small', maxDepth: 3 },
    fc.tuple(fc.constantFrom(...VARIABLES), tie('expr')).map(([v, e]) => `let ${v} = ${e};`),
    fc
      .tuple(fc.constantFrom(...VARIABLES), fc.constantFrom('=', '+=', '-=', '*='), tie('expr'))
      .map(([v, op, e]) => `${v} ${op} ${e};`),
    fc.tuple(fc.constantFrom(...VARIABLES), tie('expr'), tie('expr')).map(([v, i, e]) => `${v}[${i}] = ${e};`),
    tie('expr').map((e) => `print(${e});`),
    tie('expr').map((e) => `${e};`),
    fc.tuple(fc.integer({ min: 0, max: 5 }), tie('block')).map(([n, b]) => `for i in range(0, ${n}) ${b}`),
    fc.tuple(tie('expr'), tie('block')).map(([c, b]) => `while ${c} ${b}`),
    tie('expr').map((e) => `if ${e} { return ${e}; }`),
  ),
}));

/** Source text of well-typed int, string and bool expressions, so evaluation gets past type checks. */
export const typed = fc.letrec<{ int: string; str: string; bool: string; stmt: string }>((tie) => ({
  int: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    fc.integer({ min: 0, max: 1000 }).map(String),
    fc.constant('i0'),
    fc.tuple(tie('int'), fc.constantFrom('+', '-', '*'), tie('int')).map(([a, op, b]) => `(${a} ${op} ${b})`),
    tie('int').map((a) => `-${a}`),
    tie('str').map((s) => `len(${s})`),
    fc.tuple(tie('bool'), tie('int'), tie('int')).map(([c, a, b]) => `if ${c} { ${a} } else { ${b} }`),
    fc.tuple(tie('int'), tie('int')).map(([a, b]) => `[${a}, ${b}][1]`),
    tie('int').map((a) => `#{a: ${a}, "b": 0}.a`),
    fc.tuple(tie('int'), tie('int')).map(([a, b]) => `{ let t = ${a}; t + ${b} }`),
  ),
  str: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    fc.string({ maxLength: 6 }).map((s) => JSON.stringify(s)),
    fc.constant('s0'),
    fc.tuple(tie('str'), tie('str')).map(([a, b]) => `(${a} + ${b})`),
    fc.tuple(tie('str'), tie('int')).map(([a, b]) => `(${a} + ${b})`),
    tie('int').map((a) => `to_string(${a})`),
    fc.tuple(tie('int'), tie('str')).map(([a, b]) => `\`[\${${a}}:\${${b}}]\``),
    fc.tuple(tie('bool'), tie('str'), tie('str')).map(([c, a, b]) => `if ${c} { ${a} } else { ${b} }`),
  ),
  bool: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    fc.constantFrom('true', 'false'),
    fc
      .tuple(tie('int'), fc.constantFrom('<', '<=', '>', '>=', '==', '!='), tie('int'))
      .map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(tie('str'), tie('str')).map(([a, b]) => `(${a} == ${b})`),
    fc.tuple(tie('bool'), fc.constantFrom('&&', '||'), tie('bool')).map(([a, op, b]) => `(${a} ${op} ${b})`),
    tie('bool').map((a) => `!${a}`),
  ),
  stmt: fc.oneof(
    { depthSize: 'small', maxDepth: 3 },
    tie('int').map((a) => `i0 += ${a};`),
    tie('str').map((a) => `s0 += ${a};`),
    tie('str').map((a) => `print(${a});`),
    fc.tuple(fc.integer({ min: 0, max: 6 }), tie('int')).map(([n, a]) => `for i in range(0, ${n}) { i0 += i * ${a}; }`),
    fc.tuple(tie('bool'), tie('stmt'), tie('stmt')).map(([c, a, b]) => `if ${c} { ${a} } else { ${b} }`),
    fc.tuple(tie('int'), tie('stmt')).map(([a, b]) => `let n = ${a}; while n > 0 { n -= 100; ${b} }`),
  ),
}));
