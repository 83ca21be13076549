import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isExpressionText, MAX_EXPRESSION_DEPTH, parseTemplateString, type Expr } from './parser.ts';
import { evError } from './fixtures/eval.ts';

function expr(text: string): Expr {
  const r = parseTemplateString(text);
  assert.ok(r.ok, text);
  assert.equal(r.value.kind, 'expression');
  return (r.value as { expr: Expr }).expr;
}

test('literals, escapes and what counts as an expression', () => {
  assert.deepEqual(parseTemplateString('plain'), { ok: true, value: { kind: 'literal', value: 'plain' } });
  assert.deepEqual(parseTemplateString('[[notAnExpression]'), {
    ok: true,
    value: { kind: 'literal', value: '[notAnExpression]' },
  });
  assert.deepEqual(parseTemplateString('[starts only'), {
    ok: true,
    value: { kind: 'literal', value: '[starts only' },
  });
  assert.equal(isExpressionText("[concat('a')]"), true);
  assert.equal(isExpressionText('[[x]'), false);
  assert.equal(isExpressionText('x]'), false);
});

test('the AST carries character positions into the whole string', () => {
  const e = expr("[concat(parameters('a'), 'it''s', -3)]");
  assert.equal(e.kind, 'call');
  if (e.kind !== 'call') return;
  assert.equal(e.name, 'concat');
  assert.equal(e.position, 1);
  const [p, s, n] = e.args;
  assert.deepEqual(p && p.kind === 'call' ? [p.name, p.position] : undefined, ['parameters', 8]);
  assert.deepEqual(s, { kind: 'string', value: "it's", position: 25 });
  assert.deepEqual(n, { kind: 'integer', value: -3, position: 34 });
});

test('property and index access chain', () => {
  const e = expr("[reference('x').outputs['a'].value[0]]");
  assert.equal(e.kind, 'index');
  if (e.kind !== 'index') return;
  assert.deepEqual(e.index, { kind: 'integer', value: 0, position: 35 });
  assert.equal(e.target.kind, 'property');
  if (e.target.kind === 'property') assert.equal(e.target.name, 'value');
});

test('bare true/false/null and namespaced user functions parse', () => {
  assert.deepEqual(expr('[true]'), { kind: 'literal', value: true, position: 1 });
  const e = expr("[ns.fn('a')]");
  assert.ok(e.kind === 'call' && e.name === 'ns.fn');
});

test('syntax errors name the expression and the position', () => {
  const cases: [string, RegExp][] = [
    ["[concat('a']", /unexpected the end of the expression \(expression '\[concat\('a'\]', position 11\)/],
    ["[concat('a)]", /The string literal is not terminated \(expression '.*', position 8\)/],
    ["[concat('a',)]", /unexpected '\)' \(expression '\[concat\('a',\)\]', position 12\)/],
    ["[concat('a' 'b')]", /unexpected ''b'' \(expression '.*', position 12\)/],
    ['[foo]', /'foo' must be followed by '\(' \(expression '\[foo\]', position 1\)/],
    ["[concat('a')) ]", /unexpected '\)' \(expression '.*', position 12\)/],
    ['[1.5]', /floating point/],
    ["[concat('a', #)]", /The character '#' is not expected here \(expression '.*', position 13\)/],
    [
      '[concatt(1)]',
      /The template function 'concatt' is not valid \(expression '\[concatt\(1\)\]', position 1\)/,
    ],
  ];
  for (const [text, re] of cases) assert.match(evError(text), re, text);
});

test('an expression nested deeper than the limit is refused, not a stack overflow', () => {
  const ok = `[${'concat('.repeat(MAX_EXPRESSION_DEPTH - 1)}'a'${')'.repeat(MAX_EXPRESSION_DEPTH - 1)}]`;
  assert.equal(parseTemplateString(ok).ok, true);
  for (const deep of [
    `[${'concat('.repeat(10_000)}'a'${')'.repeat(10_000)}]`,
    `[${"json('{}')[".repeat(10_000)}0${']'.repeat(10_000)}]`,
    `[parameters('p')${'.x'.repeat(10_000)}]`,
  ]) {
    const r = parseTemplateString(deep);
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.failure.message : '', /nests deeper than 128 levels/);
  }
});
