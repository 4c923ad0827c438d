/** Microsoft.Network private DNS: zones and their virtual network links. */
import type { ArmResource } from '../inventory';
import type { PrivateDnsZone } from '../types';
import { idOf, obj, withNode } from './common';

export function privateDnsZone(r: ArmResource): PrivateDnsZone {
  return withNode<PrivateDnsZone>(r, { linkedVnetIds: [] });
}

/** `privateDnsZones/{z}/virtualNetworkLinks/{l}`: the VNet that resolves the zone. */
export interface ZoneLink { zoneId: string; vnetId?: string }

export function virtualNetworkLink(r: ArmResource, zoneId: string): ZoneLink {
  return { zoneId, vnetId: idOf(obj(r.properties).virtualNetwork) };
}
