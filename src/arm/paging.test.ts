import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { page } from './paging.ts';
import type { ArmContext, ArmRequest } from './context.ts';

const ctx = { baseUrl: 'http://127.0.0.1:1', pageSize: 2 } as unknown as ArmContext;
const request = (query: Record<string, string>): ArmRequest => ({
  method: 'GET',
  path: '/subscriptions/s/resourceGroups',
  query,
  headers: {},
  body: undefined,
});
const items = ['a', 'b', 'c', 'd', 'e'];

describe('page', () => {
  it('cuts pages of pageSize with a nextLink ARM clients follow, keys unescaped as ARM writes them', () => {
    const first = page(ctx, request({ 'api-version': '2024-03-01' }), items);
    assert.deepEqual(first.value, ['a', 'b']);
    assert.equal(
      first.nextLink,
      'http://127.0.0.1:1/subscriptions/s/resourceGroups?api-version=2024-03-01&$skipToken=2',
    );
    const last = page(ctx, request({ 'api-version': '2024-03-01', $skipToken: '4' }), items);
    assert.deepEqual(last, { value: ['e'] });
  });

  it('honours $top below the page size, encodes values, and treats a bad token as the start', () => {
    const top = page(
      ctx,
      request({ 'api-version': 'x', $top: '1', $filter: "resourceType eq 'a b'" }),
      items,
    );
    assert.deepEqual(top.value, ['a']);
    assert.match(top.nextLink!, /\$top=1&\$filter=resourceType%20eq%20'a%20b'&\$skipToken=1$/);
    assert.deepEqual(page(ctx, request({ $skipToken: 'junk' }), items).value, ['a', 'b']);
  });
});
