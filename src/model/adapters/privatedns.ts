/** Microsoft.Network private DNS: zones, their virtual network links and their A records. */
import type { ArmResource } from '../inventory';
import { nameOf } from '../ids';
import type { PrivateDnsZone } from '../types';
import { arr, idOf, obj, str, withNode } from './common';

export function privateDnsZone(r: ArmResource): PrivateDnsZone {
  return withNode<PrivateDnsZone>(r, { linkedVnetIds: [] });
}

/** `privateDnsZones/{z}/virtualNetworkLinks/{l}`: the VNet that resolves the zone. */
export interface ZoneLink {
  zoneId: string;
  vnetId?: string;
}

export function virtualNetworkLink(r: ArmResource, zoneId: string): ZoneLink {
  return { zoneId, vnetId: idOf(obj(r.properties).virtualNetwork) };
}

/** `privateDnsZones/{z}/A/{name}` (Resource Graph's `dnsresources`): the addresses a name in the zone resolves to. */
export interface DnsARecord {
  zoneId: string;
  name: string;
  addresses: string[];
}

export function aRecord(r: ArmResource, zoneId: string): DnsARecord {
  return {
    zoneId,
    name: nameOf(r.id).toLowerCase(),
    addresses: arr(obj(r.properties).aRecords)
      .map((a) => str(obj(a).ipv4Address))
      .filter((ip): ip is string => !!ip),
  };
}
