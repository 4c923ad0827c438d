import { expectFindings, expectNoFindings } from '../support/rule-tester';
import { privateWorkspace } from '../support/scenarios';
import { props, publicWorkspace } from '../support/public-workspace';

const setStatus = (t: any, ws: string, i: number, status: string | undefined) => {
  const state = props(t, ws).privateEndpointConnections[i].properties.privateLinkServiceConnectionState;
  if (status === undefined) delete state.status;
  else state.status = status;
};

describe('AMLNET003 workspace-private-endpoint-not-approved', () => {
  it('stays silent on the recommended private setup', () => {
    expectNoFindings('AMLNET003', privateWorkspace().inventory());
  });

  it('stays silent on a workspace without private endpoint connections', () => {
    expectNoFindings('AMLNET003', publicWorkspace().t.inventory());
  });

  it.each(['Pending', 'Rejected', 'Disconnected', 'Timeout'])('fires when the only connection is %s', (status) => {
    const s = privateWorkspace();
    setStatus(s.t, s.ws, 0, status);
    expectFindings('AMLNET003', s.t.inventory(), [
      {
        resourceId: s.ws,
        severity: 'high',
        workspaceId: s.ws,
        related: [`${s.t.id('Microsoft.Network', 'privateEndpoints', 'pe-ws-private')}`],
        message:
          `Workspace ws-private has 1 private endpoint connection(s) and none is Approved (pe-ws-private: ${status}): no private endpoint carries traffic to it. ` +
          'Approve the intended connection or recreate the endpoint.',
        evidence: [
          {
            resourceId: s.ws,
            property: 'properties.privateEndpointConnections[0].properties.privateLinkServiceConnectionState.status',
            expected: 'Approved',
            actual: status,
          },
        ],
      },
    ]);
  });

  it('fires when every one of several connections is unapproved, naming each', () => {
    const s = privateWorkspace();
    setStatus(s.t, s.ws, 0, 'Rejected');
    s.t.privateEndpoint('pe-ws-second', { subnet: s.peSubnet, target: s.ws, groupId: 'amlworkspace', status: 'Pending' });
    const [f] = expectFindings('AMLNET003', s.t.inventory(), [
      {
        resourceId: s.ws,
        severity: 'high',
        message:
          'Workspace ws-private has 2 private endpoint connection(s) and none is Approved (pe-ws-private: Rejected; pe-ws-second: Pending): no private endpoint carries traffic to it. Approve the intended connection or recreate the endpoint.',
        evidence: [
          {
            resourceId: s.ws,
            property: 'properties.privateEndpointConnections[0].properties.privateLinkServiceConnectionState.status',
            expected: 'Approved',
            actual: 'Rejected',
          },
          {
            resourceId: s.ws,
            property: 'properties.privateEndpointConnections[1].properties.privateLinkServiceConnectionState.status',
            expected: 'Approved',
            actual: 'Pending',
          },
        ],
      },
    ]);
    expect(f.evidence).toHaveLength(2);
  });

  it('stays silent when one connection of several is Approved (status compared case-insensitively)', () => {
    const s = privateWorkspace();
    setStatus(s.t, s.ws, 0, 'approved');
    s.t.privateEndpoint('pe-ws-rejected', { subnet: s.peSubnet, target: s.ws, groupId: 'amlworkspace', status: 'Rejected' });
    expectNoFindings('AMLNET003', s.t.inventory());
  });

  it('treats a connection without a status as unknown, not unapproved', () => {
    const s = privateWorkspace();
    setStatus(s.t, s.ws, 0, undefined);
    expectNoFindings('AMLNET003', s.t.inventory());
  });

  it('reads the endpoint side when the workspace lists no connections', () => {
    const s = privateWorkspace();
    setStatus(s.t, s.ws, 0, 'Pending');
    props(s.t, s.ws).privateEndpointConnections = [];
    const pe = s.t.find(s.t.id('Microsoft.Network', 'privateEndpoints', 'pe-ws-private'))!;
    (pe.properties as any).privateLinkServiceConnections[0].properties.privateLinkServiceConnectionState.status = 'Pending';
    (pe.properties as any).privateLinkServiceConnections[0].properties.privateLinkServiceId = s.ws
      .toUpperCase()
      .replace('/SUBSCRIPTIONS/', '/subscriptions/');
    expectFindings('AMLNET003', s.t.inventory(), [
      {
        resourceId: s.ws,
        severity: 'high',
        message:
          'Workspace ws-private has 1 private endpoint connection(s) and none is Approved (pe-ws-private: Pending): no private endpoint carries traffic to it. Approve the intended connection or recreate the endpoint.',
        evidence: [
          {
            resourceId: s.ws,
            property: 'properties.privateEndpointConnections[0].properties.privateLinkServiceConnectionState.status',
            expected: 'Approved',
            actual: 'Pending',
          },
        ],
      },
    ]);
  });

  it('ignores unapproved connections on dependencies (only the workspace counts)', () => {
    const s = privateWorkspace();
    s.t.privateEndpoint('pe-kv-pending', { subnet: s.peSubnet, target: s.keyVault, groupId: 'vault', status: 'Pending' });
    expectNoFindings('AMLNET003', s.t.inventory());
  });
});
