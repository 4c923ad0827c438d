import { buildReport } from '../../src/cli/audit';
import { normalizeId } from '../../src/model/ids';
import { evidenceNodes, findingsOfGraph, workspaceGraph } from '../../src/report/graph';
import { privateWorkspace } from '../support/scenarios';
import { twoWorkspaceTenant } from './tenant';

const id = normalizeId;

describe('workspaceGraph', () => {
  it('draws the recommended setup: endpoints in their subnet and VNet, dependencies, computes, NSG and DNS', () => {
    const s = privateWorkspace();
    const { report, model } = buildReport(s.inventory(), { kind: 'snapshot' }, 'none');
    const g = workspaceGraph(model, report, s.ws);
    const pe = (name: string) => id(s.t.id('Microsoft.Network', 'privateEndpoints', name));
    const zone = (name: string) => id(s.zones[name]);

    expect(g.workspaceId).toBe(id(s.ws));
    expect(g.nodes.map((n) => [n.kind, n.label]).sort()).toEqual([
      ['compute', 'ci-ws-private'],
      ['compute', 'cpu-cluster'],
      ['containerRegistry', 'acrwsprivate'],
      ['keyVault', 'kv-ws-private'],
      ['nsg', 'nsg-ws-private-compute'],
      ['privateDnsZone', 'privatelink.api.azureml.ms'],
      ['privateDnsZone', 'privatelink.azurecr.io'],
      ['privateDnsZone', 'privatelink.blob.core.windows.net'],
      ['privateDnsZone', 'privatelink.file.core.windows.net'],
      ['privateDnsZone', 'privatelink.notebooks.azure.net'],
      ['privateDnsZone', 'privatelink.vaultcore.azure.net'],
      ['privateEndpoint', 'pe-acr-ws-private'],
      ['privateEndpoint', 'pe-kv-ws-private'],
      ['privateEndpoint', 'pe-stwsprivate-blob'],
      ['privateEndpoint', 'pe-stwsprivate-file'],
      ['privateEndpoint', 'pe-ws-private'],
      ['storage', 'stwsprivate'],
      ['subnet', 'snet-compute'],
      ['subnet', 'snet-pe'],
      ['vnet', 'vnet-ws-private'],
      ['workspace', 'ws-private'],
    ]);
    // Node ids are the lower-cased ARM ids.
    for (const n of g.nodes) expect(n.id).toBe(n.id.toLowerCase());
    expect(g.nodes.find((n) => n.kind === 'subnet' && n.label === 'snet-pe')?.detail).toBe('10.10.1.0/24');

    const edges = g.edges.map((e) => `${e.kind} ${e.from} -> ${e.to}`).sort();
    const expected = [
      `uses ${id(s.ws)} -> ${id(s.storage)}`,
      `uses ${id(s.ws)} -> ${id(s.keyVault)}`,
      `uses ${id(s.ws)} -> ${id(s.registry)}`,
      `hosts ${id(s.ws)} -> ${id(s.cluster)}`,
      `hosts ${id(s.ws)} -> ${id(s.instance)}`,
      `inSubnet ${id(s.cluster)} -> ${id(s.computeSubnet)}`,
      `inSubnet ${id(s.instance)} -> ${id(s.computeSubnet)}`,
      `inVnet ${id(s.computeSubnet)} -> ${id(s.vnet.id)}`,
      `inVnet ${id(s.peSubnet)} -> ${id(s.vnet.id)}`,
      `nsg ${id(s.nsg)} -> ${id(s.computeSubnet)}`,
      `privateLink ${pe('pe-ws-private')} -> ${id(s.ws)}`,
      `privateLink ${pe('pe-stwsprivate-blob')} -> ${id(s.storage)}`,
      `privateLink ${pe('pe-stwsprivate-file')} -> ${id(s.storage)}`,
      `privateLink ${pe('pe-kv-ws-private')} -> ${id(s.keyVault)}`,
      `privateLink ${pe('pe-acr-ws-private')} -> ${id(s.registry)}`,
      ...['pe-ws-private', 'pe-stwsprivate-blob', 'pe-stwsprivate-file', 'pe-kv-ws-private', 'pe-acr-ws-private'].map(
        (n) => `inSubnet ${pe(n)} -> ${id(s.peSubnet)}`,
      ),
      `dnsZoneGroup ${pe('pe-ws-private')} -> ${zone('privatelink.api.azureml.ms')}`,
      `dnsZoneGroup ${pe('pe-ws-private')} -> ${zone('privatelink.notebooks.azure.net')}`,
      `dnsZoneGroup ${pe('pe-stwsprivate-blob')} -> ${zone('privatelink.blob.core.windows.net')}`,
      `dnsZoneGroup ${pe('pe-stwsprivate-file')} -> ${zone('privatelink.file.core.windows.net')}`,
      `dnsZoneGroup ${pe('pe-kv-ws-private')} -> ${zone('privatelink.vaultcore.azure.net')}`,
      `dnsZoneGroup ${pe('pe-acr-ws-private')} -> ${zone('privatelink.azurecr.io')}`,
      ...Object.values(s.zones).map((z) => `dnsLink ${id(z)} -> ${id(s.vnet.id)}`),
    ].sort();
    expect(edges).toEqual(expected);
    // The recommended setup has no findings: nothing is coloured.
    expect(g.nodes.filter((n) => n.worstSeverity || n.findings.length)).toEqual([]);
  });

  it('colours nodes by the worst finding on them and draws Connected peerings once', () => {
    const s = twoWorkspaceTenant();
    const { report, model } = buildReport(s.inventory(), { kind: 'snapshot' }, 'none');
    const g = workspaceGraph(model, report, s.ws);
    const node = (rid: string) => g.nodes.find((n) => n.id === id(rid));
    expect(node(s.ws)).toMatchObject({ worstSeverity: 'high', findings: ['AMLNET004'] });
    expect(node(s.storage)).toMatchObject({ worstSeverity: 'high', findings: ['AMLNET008'] });
    expect(node(s.instance)).toMatchObject({ worstSeverity: 'high', findings: ['AMLNET102', 'AMLNET103', 'AMLNET107'] });
    expect(node(s.cluster)).toMatchObject({ worstSeverity: 'medium', findings: ['AMLNET102', 'AMLNET107'] });
    expect(node(s.registry)?.worstSeverity).toBeUndefined();
    expect(node(s.endpoint)?.kind).toBe('onlineEndpoint');
    const peerings = g.edges.filter((e) => e.kind === 'peering');
    expect(peerings).toEqual([{ from: [id(s.data.id), id(s.hub.id)].sort()[0], to: [id(s.data.id), id(s.hub.id)].sort()[1], kind: 'peering' }]);
    // The other workspace's resources are not drawn.
    expect(g.nodes.some((n) => n.label === 'ws-private')).toBe(false);

    // The evidence chain of AMLNET004: the workspace, its storage, the storage's endpoint and both VNets.
    const f004 = findingsOfGraph(report, g).find((f) => f.ruleId === 'AMLNET004');
    expect(f004).toBeDefined();
    expect(evidenceNodes(f004!, g)).toEqual(expect.arrayContaining([id(s.ws), id(s.storage), id(s.stPe), id(s.data.id), id(s.hub.id)]));
  });

  it('does not draw a peering that is Connected on one side only', () => {
    const s = twoWorkspaceTenant();
    const inv = s.inventory();
    const hub = inv.resources.find((r) => r.id === s.hub.id) as any;
    hub.properties.virtualNetworkPeerings[0].properties.peeringState = 'Initiated';
    const { report, model } = buildReport(inv, { kind: 'snapshot' }, 'none');
    expect(workspaceGraph(model, report, s.ws).edges.filter((e) => e.kind === 'peering')).toEqual([]);
  });

  it('rejects an id that is not a workspace of the model', () => {
    const s = privateWorkspace();
    const { report, model } = buildReport(s.inventory(), { kind: 'snapshot' }, 'none');
    expect(() => workspaceGraph(model, report, s.storage)).toThrow(/no workspace/);
  });
});
