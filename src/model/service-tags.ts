/**
 * Service tags as NSG rules, routes and firewall rules name them: `Storage` covers every region's
 * traffic; `Storage.westeurope` covers only West Europe's. Names compare case-insensitively.
 */

/** The regional form of a tag: `regional('Storage', 'westeurope')` -> `Storage.westeurope`. */
export function regional(tag: string, region: string | undefined): string {
  return region ? `${tag}.${region}` : tag;
}

/**
 * Whether `value` (the tag a rule or route names) covers the traffic of service tag `tag` (a base
 * name such as `Storage` or `AzureFrontDoor.FrontEnd`) in `region`: the base tag, or its regional
 * form for that region. With no region known, any regional form counts: an unknown region is not
 * a reason to report.
 */
export function tagCovers(value: string, tag: string, region?: string): boolean {
  const v = value.trim().toLowerCase();
  const t = tag.trim().toLowerCase();
  if (v === t) return true;
  if (!region) return v.startsWith(`${t}.`);
  return v === `${t}.${region.toLowerCase()}`;
}
