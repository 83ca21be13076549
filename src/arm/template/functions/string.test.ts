import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ev, evError, table } from '../fixtures/eval.ts';

test('string functions (values from the ARM docs examples where they exist)', () => {
  table([
    ["[base64('one, two, three')]", 'b25lLCB0d28sIHRocmVl'],
    ["[base64ToString('b25lLCB0d28sIHRocmVl')]", 'one, two, three'],
    ['[base64ToJson(base64(\'{"one": "a"}\'))]', { one: 'a' }],
    ["[concat('prefix', '-', 'suffix')]", 'prefix-suffix'],
    ["[concat('a', 1, true)]", 'a1True'],
    ["[endsWith('abcdef', 'EF')]", true],
    ["[startsWith('abcdef', 'AB')]", true],
    ["[startsWith('abcdef', 'e')]", false],
    ["[indexOf('test', 'T')]", 0],
    ["[indexOf('abcdef', 'z')]", -1],
    ["[lastIndexOf('test', 't')]", 3],
    ["[padLeft('123', 10, '0')]", '0000000123'],
    ['[padLeft(7, 3)]', '  7'],
    ["[replace('123-123-1234', '-', '')]", '1231231234'],
    ["[split('one,two,three', ',')]", ['one', 'two', 'three']],
    ["[split('one;two,three', createArray(',', ';'))]", ['one', 'two', 'three']],
    ["[string(createObject('a', 1))]", '{"a":1}'],
    ['[string(5)]', '5'],
    ["[substring('one two three', 4, 3)]", 'two'],
    ["[substring('abc', 1)]", 'bc'],
    ["[toLower('One Two')]", 'one two'],
    ["[toUpper('One Two')]", 'ONE TWO'],
    ["[trim('    one two three   ')]", 'one two three'],
    ["[join(createArray('a', 'b', 'c'), ',')]", 'a,b,c'],
    ['[json(\'{"a": [1, 2]}\').a[1]]', 2],
    ["[json('null')]", null],
    [
      "[uriComponent('http://contoso.com/resources/nested/azuredeploy.json')]",
      'http%3A%2F%2Fcontoso.com%2Fresources%2Fnested%2Fazuredeploy.json',
    ],
    ["[uri('http://contoso.org/firstpath', 'myscript.sh')]", 'http://contoso.org/myscript.sh'],
    ["[dataUriToString(dataUri('Hello'))]", 'Hello'],
    ["[first('One Two')]", 'O'],
    ["[last('One Two')]", 'o'],
    ["[contains('OneTwoThree', 'e')]", true],
    ["[contains('OneTwoThree', 'z')]", false],
  ]);
});

test('format() implements .NET composite formatting', () => {
  table([
    [
      "[format('{0}, {1}. Formatted number: {2:N0}', 'Hello', 'User', 8175133)]",
      'Hello, User. Formatted number: 8,175,133',
    ],
    ["[format('{0}/{1}', 'vnet1', 'subnet1')]", 'vnet1/subnet1'],
    ["[format('vm{0:D2}', 3)]", 'vm03'],
    ["[format('{0:X}', 255)]", 'FF'],
    ["[format('{{literal}} {0}', 'x')]", '{literal} x'],
    ["[format('[{0,5}]', 'ab')]", '[   ab]'],
    ["[format('[{0,-5}]', 'ab')]", '[ab   ]'],
    ["[format('{0:000}', 7)]", '007'],
    ["[format('{0}', true)]", 'True'],
  ]);
  assert.match(evError("[format('{1}', 'a')]"), /refers to argument \{1\}/);
});

test("substring out of range uses ARM's wording", () => {
  assert.match(
    evError("[substring('abc', 1, 5)]"),
    /The index and length parameters must refer to a location within the string. The index parameter: '1', the length parameter: '5', the length of the string parameter: '3'/,
  );
});

test('string functions reject wrong argument types', () => {
  assert.match(evError('[toLower(1)]'), /argument 1 must be of type 'String', but is of type 'Integer'/);
  assert.match(evError("[json('{')]"), /is not valid JSON/);
  assert.equal(ev("[string(createArray(1, 'a'))]"), '[1,"a"]');
});
