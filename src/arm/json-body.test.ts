import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJsonBody } from './json-body.ts';

test('strict JSON parses as it is', () => {
  assert.deepEqual(parseJsonBody('{"a": [1, "x"]}'), { ok: true, value: { a: [1, 'x'] } });
  assert.deepEqual(parseJsonBody(''), { ok: true, value: undefined });
});

test("the Azure CLI's deployment body (bare template key, comments, trailing commas) parses", () => {
  const body = `{"properties": {"mode": "Incremental", template: {
    // a comment with "quotes" and a brace {
    "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
    /* block
       comment */
    "resources": [ { "name": "a//b", "type": "x/*y*/", }, ],
  }}}`;
  const parsed = parseJsonBody(body);
  assert.equal(parsed.ok, true);
  assert.deepEqual(parsed.ok && parsed.value, {
    properties: {
      mode: 'Incremental',
      template: {
        $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
        resources: [{ name: 'a//b', type: 'x/*y*/' }],
      },
    },
  });
});

test('malformed JSON stays an error with the strict parser’s reason', () => {
  for (const bad of ['{bad', '{"a": }', '{"a": "unterminated', '{/* never closed', '[1, 2']) {
    const parsed = parseJsonBody(bad);
    assert.equal(parsed.ok, false, bad);
  }
});

test('a body nested deeper than the limit is refused naming the limit, strict or relaxed', () => {
  const deep = `{"properties":{"addressSpace":{"addressPrefixes":${'['.repeat(10_000)}${']'.repeat(10_000)}}}}`;
  for (const body of [deep, deep.replace('"properties"', 'properties')]) {
    const parsed = parseJsonBody(body);
    assert.equal(parsed.ok, false);
    assert.match(!parsed.ok ? parsed.reason : '', /nests deeper than 128 levels/);
  }
  const shallow = `${'['.repeat(120)}${']'.repeat(120)}`;
  assert.equal(parseJsonBody(shallow).ok, true);
});
