/**
 * Route analysis for compute subnets: the routes of the subnet's route table, where its default
 * route (`0.0.0.0/0`) goes, whether service traffic is routed around a forced tunnel, and whether
 * the subnet has any outbound path. Only user-defined routes are visible; routes learned over BGP
 * (a gateway advertising `0.0.0.0/0`) are not in the model.
 */
import type { Model } from './model';
import { tagCovers } from './service-tags';
import type { AzureFirewall, Route, Subnet } from './types';
import { lowerToken } from './ids';

export const DEFAULT_ROUTE_PREFIX = '0.0.0.0/0';

/** Next hops that send traffic to a device that can inspect or drop it (forced tunnelling). */
const TUNNEL_HOPS = new Set(['virtualappliance', 'virtualnetworkgateway']);
/** Next hops of a `0.0.0.0/0` route that give a subnet a way out (`None` drops traffic). */
const OUTBOUND_HOPS = new Set(['virtualappliance', 'virtualnetworkgateway', 'internet']);

export function hopIs(route: Route | undefined, hop: string): boolean {
  return lowerToken(route?.nextHopType ?? '') === lowerToken(hop);
}

/**
 * The user-defined routes of a subnet: [] when it has no route table; undefined when it names a
 * route table the model does not hold (unknown, not "no routes").
 */
export function routesOfSubnet(model: Model, subnet: Subnet): Route[] | undefined {
  if (!subnet.routeTableId) return [];
  return model.routeTable(subnet.routeTableId)?.routes;
}

/** The subnet's `0.0.0.0/0` route, if its route table has one. */
export function defaultRoute(routes: readonly Route[]): Route | undefined {
  return routes.find((r) => (r.addressPrefix ?? '').trim() === DEFAULT_ROUTE_PREFIX);
}

/** The default route when it forces traffic to a virtual appliance or a VPN/ExpressRoute gateway. */
export function forcedTunnelRoute(routes: readonly Route[]): Route | undefined {
  const r = defaultRoute(routes);
  return r && TUNNEL_HOPS.has(lowerToken(r.nextHopType ?? '')) ? r : undefined;
}

/** A route for service tag `tag` (or its regional form for `region`) straight to the Internet. */
export function internetRouteForTag(routes: readonly Route[], tag: string, region?: string): Route | undefined {
  return routes.find((r) => hopIs(r, 'Internet') && !!r.addressPrefix && tagCovers(r.addressPrefix, tag, region));
}

export type OutboundPath =
  { kind: 'natGateway'; natGatewayId: string } | { kind: 'defaultRoute'; route: Route } | { kind: 'none'; route?: Route } | { kind: 'unknown' };

/**
 * How a subnet without public IPs reaches the internet: a NAT gateway, or a `0.0.0.0/0` route to
 * a virtual appliance, a gateway or the Internet. `none` carries the `0.0.0.0/0` route to `None`
 * when that is what drops the traffic.
 */
export function outboundPath(model: Model, subnet: Subnet): OutboundPath {
  if (subnet.natGatewayId) return { kind: 'natGateway', natGatewayId: subnet.natGatewayId };
  const routes = routesOfSubnet(model, subnet);
  if (!routes) return { kind: 'unknown' };
  const r = defaultRoute(routes);
  if (r && OUTBOUND_HOPS.has(lowerToken(r.nextHopType ?? ''))) return { kind: 'defaultRoute', route: r };
  return { kind: 'none', route: r };
}

/** The Azure Firewall whose private IP is the next hop of a `0.0.0.0/0` route to a virtual appliance. */
export function firewallBehindDefaultRoute(model: Model, routes: readonly Route[]): { firewall: AzureFirewall; route: Route } | undefined {
  const r = defaultRoute(routes);
  if (!r || !hopIs(r, 'VirtualAppliance') || !r.nextHopIpAddress) return undefined;
  const ip = r.nextHopIpAddress.trim();
  const firewall = model.firewallWithPrivateIp(ip);
  return firewall ? { firewall, route: r } : undefined;
}
