// The Microsoft.Network POST actions vnetlab answers, by the canonical type of the resource they are on.
// (Network Watcher and effective routes/rules come from network-watcher.ts, gateway routes from gateway-actions.ts.)
import { errorOfProblems } from './errors.ts';
import type { ActionHandler } from './actions.ts';
import { networkWatcherActions } from './network-watcher.ts';
import { gatewayActions } from './gateway-actions.ts';
import { isObject } from '../net/index.ts';

/** POST networkManagers/{nm}/commit with a NetworkManagerCommit body; answers the commit. */
const commit: ActionHandler = (ctx, req, target) => {
  const apiVersion = req.query['api-version']!;
  const result = ctx.state.change([{ op: 'commit', networkManagerId: target.parentId, commit: req.body }], {
    apiVersion,
  });
  if (!result.ok) return { ok: false, error: errorOfProblems(result.problems) };
  return { ok: true, result: isObject(req.body) ? { ...req.body, commitId: ctx.newId() } : req.body };
};

export const networkActions: Readonly<Record<string, Readonly<Record<string, ActionHandler>>>> = {
  'Microsoft.Network/networkManagers': { commit },
  'Microsoft.Network/virtualNetworkGateways': gatewayActions,
  ...networkWatcherActions,
};
