/**
 * Template expansion, feature by feature: copy loops (resources, properties, variables, outputs),
 * conditions, child resources, nested deployments (inner and outer scope, their own resource group,
 * outputs read by the parent), languageVersion 2.0 (symbolic names, existing), reference(), and
 * case-insensitive names. Templates are written here, in our own words.
 */
import { evaluateTemplate, type SuppliedParameter } from '../../../src/iac/arm/evaluate';
import { TemplateError, isUnknown } from '../../../src/iac/arm/values';

const SUB = '00000000-0000-0000-0000-000000000000';
const RG = `/subscriptions/${SUB}/resourceGroups/rg1/providers`;

function expand(template: Record<string, unknown>, parameters: Record<string, SuppliedParameter> = {}) {
  return evaluateTemplate({
    root: {
      template: {
        $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
        contentVersion: '1.0.0.0',
        ...template,
      },
      file: 't.json',
    },
    parameters,
    target: { subscriptionId: SUB, resourceGroup: 'rg1', location: 'westeurope' },
    cloud: 'AzureCloud',
    deploymentName: 'main',
  });
}
const ids = (r: ReturnType<typeof expand>) => r.resources.map((x) => x.id);

test('resource copy loops with copyIndex and a condition', () => {
  const r = expand({
    parameters: { count: { type: 'int', defaultValue: 3 } },
    resources: [
      {
        type: 'Microsoft.Network/privateDnsZones',
        apiVersion: '2020-06-01',
        name: "[concat('zone', copyIndex(1), '.example')]",
        condition: '[not(equals(copyIndex(), 1))]',
        location: 'global',
        copy: { name: 'zones', count: "[parameters('count')]" },
      },
    ],
  });
  expect(ids(r)).toEqual([`${RG}/Microsoft.Network/privateDnsZones/zone1.example`, `${RG}/Microsoft.Network/privateDnsZones/zone3.example`]);
  expect(r.resources[0].path).toEqual(['resources', 0]);
});

test('property, variable and output copy loops', () => {
  const r = expand({
    variables: {
      copy: [{ name: 'prefixes', count: 2, input: "[format('10.0.{0}.0/24', copyIndex('prefixes'))]" }],
    },
    resources: [
      {
        type: 'Microsoft.Network/virtualNetworks',
        apiVersion: '2023-09-01',
        name: 'vnet1',
        location: 'westeurope',
        properties: {
          addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
          copy: [
            {
              name: 'subnets',
              count: "[length(variables('prefixes'))]",
              input: {
                name: "[concat('snet', copyIndex('subnets'))]",
                properties: { addressPrefix: "[variables('prefixes')[copyIndex('subnets')]]" },
              },
            },
          ],
        },
      },
    ],
    outputs: { names: { type: 'array', copy: { count: 2, input: "[concat('n', copyIndex())]" } } },
  });
  expect(r.resources[0].body.properties.subnets).toEqual([
    { name: 'snet0', properties: { addressPrefix: '10.0.0.0/24' } },
    { name: 'snet1', properties: { addressPrefix: '10.0.1.0/24' } },
  ]);
  expect(r.outputs.names).toEqual(['n0', 'n1']);
});

test("a child resource declared inside its parent takes the parent's type and name", () => {
  const r = expand({
    resources: [
      {
        type: 'Microsoft.Network/virtualNetworks',
        apiVersion: '2023-09-01',
        name: 'vnet1',
        location: 'westeurope',
        properties: {},
        resources: [{ type: 'subnets', apiVersion: '2023-09-01', name: 'snet1', properties: { addressPrefix: '10.0.0.0/24' } }],
      },
    ],
  });
  expect(ids(r)).toEqual([`${RG}/Microsoft.Network/virtualNetworks/vnet1`, `${RG}/Microsoft.Network/virtualNetworks/vnet1/subnets/snet1`]);
  expect(r.resources[1]).toMatchObject({
    type: 'Microsoft.Network/virtualNetworks/subnets',
    name: 'vnet1/snet1',
    path: ['resources', 0, 'resources', 0],
  });
  expect(r.resources[1].body.name).toBe('snet1');
});

describe('nested deployments', () => {
  const nested = (scope: 'inner' | 'outer') => ({
    parameters: { name: { type: 'string', defaultValue: 'outer-value' } },
    variables: { v: 'outer-var' },
    resources: [
      {
        type: 'Microsoft.Resources/deployments',
        apiVersion: '2022-09-01',
        name: 'child',
        resourceGroup: 'rg-net',
        properties: {
          mode: 'Incremental',
          expressionEvaluationOptions: { scope },
          parameters: { name: { value: "[concat(parameters('name'), '-passed')]" } },
          template: {
            $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
            contentVersion: '1.0.0.0',
            parameters: { name: { type: 'string' } },
            variables: { v: 'inner-var' },
            resources: [
              {
                type: 'Microsoft.Network/privateDnsZones',
                apiVersion: '2020-06-01',
                name: "[concat(parameters('name'), '.', variables('v'))]",
                location: 'global',
                properties: { rg: '[resourceGroup().name]' },
              },
            ],
            outputs: {
              zoneId: { type: 'string', value: "[resourceId('Microsoft.Network/privateDnsZones', concat(parameters('name'), '.', variables('v')))]" },
            },
          },
        },
      },
      {
        type: 'Microsoft.Network/privateDnsZones',
        apiVersion: '2020-06-01',
        name: 'reader.example',
        location: 'global',
        // The deployment object lives in its target resource group, so the parent names that group (as Bicep compiles a module reference).
        properties: { fromChild: "[reference(resourceId('rg-net', 'Microsoft.Resources/deployments', 'child')).outputs.zoneId.value]" },
      },
    ],
  });

  test('inner scope: the nested template has its own parameters, variables and resource group; the parent reads its outputs', () => {
    const r = expand(nested('inner'));
    const zone = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/privateDnsZones/outer-value-passed.inner-var`;
    expect(ids(r)).toEqual([zone, `${RG}/Microsoft.Network/privateDnsZones/reader.example`]);
    expect(r.resources[0].body.properties).toEqual({ rg: 'rg-net' });
    expect(r.resources[1].body.properties.fromChild).toBe(zone);
    expect(r.resources[0].path).toEqual(['resources', 0, 'properties', 'template', 'resources', 0]);
  });

  test("outer scope (the default for inline templates): expressions are the parent's, resources land in the nested resource group", () => {
    const r = expand(nested('outer'));
    // parameters('name') and variables('v') are the parent's; resourceGroup() is the parent's too (Learn: "outer scope").
    expect(ids(r)[0]).toBe(`/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/privateDnsZones/outer-value.outer-var`);
    expect(r.resources[0].body.properties).toEqual({ rg: 'rg1' });
  });

  test('a template linked by URI is not evaluated: it is reported, not silently empty', () => {
    const r = expand({
      resources: [
        {
          type: 'Microsoft.Resources/deployments',
          apiVersion: '2022-09-01',
          name: 'linked',
          properties: { mode: 'Incremental', templateLink: { uri: 'https://example.com/t.json' } },
        },
      ],
    });
    expect(r.resources).toEqual([]);
    expect(r.unreadable).toEqual([
      {
        id: `${RG}/Microsoft.Resources/deployments/linked`,
        file: 't.json',
        path: ['resources', 0],
        why: 'nested deployment linked links its template by a URI (https://example.com/t.json): what it deploys is not evaluated',
      },
    ]);
  });
});

describe('languageVersion 2.0', () => {
  const template = {
    languageVersion: '2.0',
    resources: {
      vnet: { type: 'Microsoft.Network/virtualNetworks', apiVersion: '2023-09-01', name: 'hub', existing: true },
      zone: { type: 'Microsoft.Network/privateDnsZones', apiVersion: '2020-06-01', name: 'privatelink.blob.core.windows.net', location: 'global' },
      link: {
        type: 'Microsoft.Network/privateDnsZones/virtualNetworkLinks',
        apiVersion: '2020-06-01',
        name: "[format('{0}/{1}', 'privatelink.blob.core.windows.net', 'hub-link')]",
        location: 'global',
        dependsOn: ['zone'],
        properties: { virtualNetwork: { id: "[resourceInfo('vnet').id]" }, registrationEnabled: false, zoneName: "[reference('ZONE').name]" },
      },
    },
  };

  test('symbolic names, existing resources and reference() of a symbolic name', () => {
    const r = expand(template);
    expect(r.resources.map((x) => [x.symbolicName, x.existing, x.id.split('/providers/')[1]])).toEqual([
      ['vnet', true, 'Microsoft.Network/virtualNetworks/hub'],
      ['zone', false, 'Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net'],
      ['link', false, 'Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net/virtualNetworkLinks/hub-link'],
    ]);
    expect(r.resources[2].body.properties.virtualNetwork.id).toBe(`${RG}/Microsoft.Network/virtualNetworks/hub`);
    // reference() of a resource in the deployment: what the template does not set is known only after deployment.
    expect(isUnknown(r.resources[2].body.properties.zoneName)).toBe(true);
    expect(r.resources[0].path).toEqual(['resources', 'vnet']);
  });
});

test('reference() of a resource outside the deployment is unknown, with why', () => {
  const r = expand({
    resources: [
      {
        type: 'Microsoft.Network/privateEndpoints',
        apiVersion: '2023-09-01',
        name: 'pe1',
        location: 'westeurope',
        properties: { subnet: { id: "[reference(resourceId('rg-net', 'Microsoft.Network/virtualNetworks', 'hub'), '2023-09-01').subnets[0].id]" } },
      },
    ],
  });
  const v = r.resources[0].body.properties.subnet.id;
  expect(isUnknown(v) && v.reason).toBe(
    `is a property of /subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/hub, which this deployment does not create (reference() is read at deployment)`,
  );
});

test('names, parameters and variables are case-insensitive; reference() finds a resource by id in any casing', () => {
  const r = expand({
    parameters: { StorageName: { type: 'string', defaultValue: 'st1' } },
    variables: { Kind: 'StorageV2' },
    resources: [
      {
        type: 'Microsoft.Storage/storageAccounts',
        apiVersion: '2023-05-01',
        name: "[parameters('storagename')]",
        location: 'westeurope',
        kind: "[variables('KIND')]",
        properties: { isHnsEnabled: true },
      },
      {
        type: 'Microsoft.Network/privateDnsZones',
        apiVersion: '2020-06-01',
        name: 'z',
        location: 'global',
        properties: { hns: "[reference(resourceId('MICROSOFT.STORAGE/STORAGEACCOUNTS', 'ST1')).isHnsEnabled]" },
      },
    ],
  });
  expect(r.resources[0].body.kind).toBe('StorageV2');
  expect(r.resources[1].body.properties.hns).toBe(true);
});

describe('parameters', () => {
  const t = {
    parameters: {
      n: { type: 'int' },
      flag: { type: 'bool', defaultValue: false },
      o: { type: 'object', defaultValue: {} },
      s: { type: 'string', allowedValues: ['a', 'b'], defaultValue: 'a' },
    },
    resources: [],
    outputs: { all: { type: 'array', value: "[createArray(parameters('n'), parameters('flag'), parameters('o'), parameters('s'))]" } },
  };
  test('--parameter text is converted to the declared type; files give JSON values', () => {
    const r = expand(t, {
      n: { from: 'text', text: '3' },
      flag: { from: 'text', text: 'true' },
      o: { from: 'text', text: '{"k":1}' },
      s: { from: 'value', value: 'b' },
    });
    expect(r.outputs.all).toEqual([3, true, { k: 1 }, 'b']);
  });
  test.each<[Record<string, SuppliedParameter>, string]>([
    [{}, 'missing required parameter n (no default value): pass --parameters <file> or --parameter n=<value>'],
    [{ n: { from: 'text', text: 'three' } }, '--parameter n=three: n is declared int, and "three" is not a int in JSON'],
    [{ n: { from: 'value', value: '3' } }, 'parameter n is declared int but was given string "3"'],
    [{ n: { from: 'value', value: 3 }, s: { from: 'value', value: 'c' } }, 'parameter s is "c", which is not one of its allowedValues ["a","b"]'],
  ])('%j is refused', (params, message) => {
    expect(() => expand(t, params)).toThrow(TemplateError);
    expect(() => expand(t, params)).toThrow(message);
  });
});
