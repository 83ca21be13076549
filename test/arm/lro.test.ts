// ARM's protocol over raw HTTP: long-running PUT and DELETE (ARM RPC async-api-reference.md, azure-semantics
// §11.3), etags with If-Match / If-None-Match (RFC 9110 §13.1), PATCH of tags, paged lists with nextLink, and
// case-insensitive paths that keep the names' casing.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RunningServer } from '../../src/arm/index.ts';
import { at, groupPath, http, net, startLab, v } from '../helpers/arm.ts';

const RG = 'Lro-RG';
const LOC = 'eastus';
const vnetBody = (prefix: string, extra: Record<string, unknown> = {}) => ({
  location: LOC,
  ...extra,
  properties: { addressSpace: { addressPrefixes: [prefix] } },
});

describe('ARM protocol: LRO, etags, tags, paging, casing', () => {
  let server: RunningServer;
  before(async () => {
    server = await startLab({ pageSize: 2 });
    const g = await http(server, 'PUT', v(groupPath(RG), '2024-03-01'), { location: LOC });
    assert.equal(g.status, 201);
  });
  after(async () => server.close());

  it('PUT answers 201 Updating with Azure-AsyncOperation; the operation says Succeeded; an update is 200', async () => {
    const path = v(net(RG, 'virtualNetworks/lro'));
    const put = await http(server, 'PUT', path, vnetBody('10.0.0.0/16'));
    assert.equal(put.status, 201);
    assert.equal(at(put.body, 'properties', 'provisioningState'), 'Updating');
    const op = put.headers.get('azure-asyncoperation');
    assert.ok(op, 'Azure-AsyncOperation header');
    assert.match(op, /\/subscriptions\/[^/]+\/providers\/Microsoft\.Network\/locations\/eastus\/operations\/[^?]+\?api-version=2025-07-01$/);
    assert.equal(put.headers.get('retry-after'), '0');
    const status = await http(server, 'GET', op);
    assert.equal(status.status, 200);
    assert.equal(at(status.body, 'status'), 'Succeeded');
    const get = await http(server, 'GET', path);
    assert.equal(at(get.body, 'properties', 'provisioningState'), 'Succeeded');
    const update = await http(server, 'PUT', path, vnetBody('10.0.0.0/16', { tags: { a: '1' } }));
    assert.equal(update.status, 200);
    assert.ok(update.headers.get('azure-asyncoperation'), 'a 200 carries the header too (NRP)');
    assert.equal(at(update.body, 'properties', 'provisioningState'), 'Updating');
  });

  it('DELETE answers 202 with Location, which answers 204; a DELETE of a missing resource is 204', async () => {
    const path = v(net(RG, 'virtualNetworks/doomed'));
    assert.equal((await http(server, 'PUT', path, vnetBody('10.1.0.0/16'))).status, 201);
    const del = await http(server, 'DELETE', path);
    assert.equal(del.status, 202);
    const location = del.headers.get('location');
    assert.ok(location, 'Location header');
    assert.match(location, /\/operationResults\//);
    const done = await http(server, 'GET', location);
    assert.equal(done.status, 204);
    assert.equal((await http(server, 'GET', path)).status, 404);
    assert.equal((await http(server, 'DELETE', path)).status, 204);
    const unknown = await http(server, 'GET', location.replace(/operationResults\/[^?]+/, 'operationResults/nope'));
    assert.equal(unknown.status, 404);
  });

  it('paths are case-insensitive and names keep the casing they were created with', async () => {
    const upper = `/SUBSCRIPTIONS/${server.state.groups()[0]!.id.split('/')[2]}/RESOURCEGROUPS/lro-rg/PROVIDERS/microsoft.network/VIRTUALNETWORKS/MyVnet`;
    const put = await http(server, 'PUT', v(upper), vnetBody('10.2.0.0/16'));
    assert.equal(put.status, 201, put.text);
    assert.equal(at(put.body, 'name'), 'MyVnet');
    assert.equal(at(put.body, 'type'), 'Microsoft.Network/virtualNetworks');
    assert.equal(at(put.body, 'id'), `${groupPath(RG)}/providers/Microsoft.Network/virtualNetworks/MyVnet`);
    const get = await http(server, 'GET', v(net('lro-rg', 'virtualnetworks/myvnet')));
    assert.equal(get.status, 200);
    assert.equal(at(get.body, 'name'), 'MyVnet');
    // Updating through another casing keeps the first one.
    const again = await http(server, 'PUT', v(net(RG, 'virtualNetworks/MYVNET')), vnetBody('10.2.0.0/16'));
    assert.equal(again.status, 200);
    assert.equal(at(again.body, 'name'), 'MyVnet');
  });

  it('etags: If-Match must match, If-None-Match: * refuses to overwrite', async () => {
    const path = v(net(RG, 'virtualNetworks/tagged'));
    const created = await http(server, 'PUT', path, vnetBody('10.3.0.0/16'), { 'If-None-Match': '*' });
    assert.equal(created.status, 201);
    const etag = at(created.body, 'etag');
    assert.equal(typeof etag, 'string');
    const overwrite = await http(server, 'PUT', path, vnetBody('10.3.0.0/16'), { 'If-None-Match': '*' });
    assert.equal(overwrite.status, 412);
    assert.equal(at(overwrite.body, 'error', 'code'), 'PreconditionFailed');
    const stale = await http(server, 'PUT', path, vnetBody('10.3.0.0/16'), { 'If-Match': 'W/"stale"' });
    assert.equal(stale.status, 412);
    const fresh = await http(server, 'PUT', path, vnetBody('10.3.0.0/16', { tags: { v: '2' } }), { 'If-Match': etag as string });
    assert.equal(fresh.status, 200);
    assert.notEqual(at(fresh.body, 'etag'), etag, 'the etag changes with the resource');
    const del = await http(server, 'DELETE', path, undefined, { 'If-Match': etag as string });
    assert.equal(del.status, 412, 'the old etag no longer matches');
    const missing = await http(server, 'PUT', v(net(RG, 'virtualNetworks/absent')), vnetBody('10.4.0.0/16'), { 'If-Match': '*' });
    assert.equal(missing.status, 412);
    assert.equal((await http(server, 'GET', v(net(RG, 'virtualNetworks/absent')))).status, 404);
  });

  it('PATCH replaces the tags, synchronously, and leaves the rest', async () => {
    const path = v(net(RG, 'virtualNetworks/patched'));
    await http(server, 'PUT', path, vnetBody('10.5.0.0/16', { tags: { old: 'x' } }));
    const patch = await http(server, 'PATCH', path, { tags: { team: 'net', env: 'dev' } });
    assert.equal(patch.status, 200);
    assert.equal(patch.headers.get('azure-asyncoperation'), null);
    assert.deepEqual(at(patch.body, 'tags'), { team: 'net', env: 'dev' });
    const get = await http(server, 'GET', path);
    assert.deepEqual(at(get.body, 'tags'), { team: 'net', env: 'dev' });
    assert.deepEqual(at(get.body, 'properties', 'addressSpace'), { addressPrefixes: ['10.5.0.0/16'] });
    const bad = await http(server, 'PATCH', path, { tags: { n: 1 } });
    assert.equal(bad.status, 400);
    assert.equal((await http(server, 'PATCH', v(net(RG, 'virtualNetworks/nope')), { tags: {} })).status, 404);
  });

  it('lists page with nextLink until every item is seen once', async () => {
    for (const n of [10, 11, 12]) await http(server, 'PUT', v(net(RG, `virtualNetworks/page${n}`)), vnetBody(`10.${n}.0.0/16`));
    let url: string | undefined = `${server.url}${v(net(RG, 'virtualNetworks'))}`;
    const names: string[] = [];
    let pages = 0;
    while (url) {
      const res = await http(server, 'GET', url);
      assert.equal(res.status, 200);
      const value = at(res.body, 'value') as { name: string }[];
      assert.ok(value.length <= 2, 'page size 2');
      names.push(...value.map((x) => x.name));
      url = at(res.body, 'nextLink') as string | undefined;
      pages++;
    }
    const all = ['MyVnet', 'lro', 'page10', 'page11', 'page12', 'patched', 'tagged'];
    assert.deepEqual([...names].sort(), all.sort((a, b) => (a < b ? -1 : 1)));
    assert.equal(pages, Math.ceil(all.length / 2));
    // $top asks for fewer than a page.
    const top = await http(server, 'GET', v(`${net(RG, 'virtualNetworks')}?$top=1`));
    assert.equal((at(top.body, 'value') as unknown[]).length, 1);
    assert.match(at(top.body, 'nextLink') as string, /\$skipToken=1/);
  });
});
