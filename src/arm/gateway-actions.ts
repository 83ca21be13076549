// POST virtualNetworkGateways/{gw}/getAdvertisedRoutes?peer=IP, /getLearnedRoutes and /getBgpPeerStatus[?peer=IP]
// (virtualNetworkGateway.json: long-running, final-state-via location), as `az network vnet-gateway
// list-advertised-routes / list-learned-routes / list-bgp-peer-status` call them.
import { advertisedRoutes, bgpPeerStatus, learnedRoutes } from '../diagnostics/index.ts';
import { T } from '../model/index.ts';
import type { VirtualNetworkGateway } from '../model/index.ts';
import { actionResource } from './action-resource.ts';
import type { ActionHandler, ActionOutcome, ActionTarget } from './actions.ts';
import type { ArmContext } from './context.ts';
import { A } from './errors.ts';

type Found = { ok: true; gw: VirtualNetworkGateway } | { ok: false; outcome: ActionOutcome };

function gatewayOf(ctx: ArmContext, target: ActionTarget): Found {
  const found = actionResource(ctx, target, T.virtualNetworkGateway);
  return found.ok
    ? { ok: true, gw: found.resource as VirtualNetworkGateway }
    : { ok: false, outcome: { ok: false, error: found.error } };
}

const getAdvertisedRoutes: ActionHandler = (ctx, req, target) => {
  const found = gatewayOf(ctx, target);
  if (!found.ok) return found.outcome;
  // The spec requires the peer; Fidelity: vnetlab advertises the same routes to every peer.
  if (!req.query.peer)
    return { ok: false, error: A.invalidParameter("The query parameter 'peer' is required.", 'peer') };
  const answer = advertisedRoutes(ctx.state.world, found.gw.id);
  return answer.ok
    ? { ok: true, result: { value: answer.value.value } }
    : { ok: false, error: A.invalidParameter(answer.reason, found.gw.id) };
};

const getLearnedRoutes: ActionHandler = (ctx, _req, target) => {
  const found = gatewayOf(ctx, target);
  return found.ok ? { ok: true, result: { value: learnedRoutes(ctx.state.world, found.gw) } } : found.outcome;
};

const getBgpPeerStatus: ActionHandler = (ctx, req, target) => {
  const found = gatewayOf(ctx, target);
  if (!found.ok) return found.outcome;
  const peers = bgpPeerStatus(ctx.state.world, found.gw);
  const peer = req.query.peer;
  return { ok: true, result: { value: peer ? peers.filter((p) => p.neighbor === peer) : peers } };
};

export const gatewayActions = { getAdvertisedRoutes, getLearnedRoutes, getBgpPeerStatus };
