/**
 * Template functions, table-driven. Expected values are the ones Microsoft Learn documents in the
 * examples of each function ("Template functions" pages), and for uniqueString/guid outputs of
 * Resource Manager itself (see the comments).
 */
import { evaluateTemplate } from '../../../src/iac/arm/evaluate';
import { TemplateError, UnknownFunctionError, isUnknown } from '../../../src/iac/arm/values';
import { uniqueString, armGuid } from '../../../src/iac/arm/hash';

const SUB = '00000000-0000-0000-0000-000000000000';

/** Evaluates one expression as the value of a template output. */
function ev(expression: string, extra: { parameters?: Record<string, unknown>; variables?: Record<string, unknown> } = {}): unknown {
  const template = {
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters: Object.fromEntries(
      Object.entries(extra.parameters ?? {}).map(([k, v]) => [
        k,
        {
          type: Array.isArray(v)
            ? 'array'
            : typeof v === 'object'
              ? 'object'
              : typeof v === 'number'
                ? 'int'
                : typeof v === 'boolean'
                  ? 'bool'
                  : 'string',
          defaultValue: v,
        },
      ]),
    ),
    variables: extra.variables ?? {},
    resources: [],
    outputs: { out: { type: 'object', value: expression } },
  };
  const r = evaluateTemplate({
    root: { template, file: 't.json' },
    parameters: {},
    target: { subscriptionId: SUB, resourceGroup: 'rg1', location: 'westeurope' },
    cloud: 'AzureCloud',
    deploymentName: 'd1',
  });
  return r.outputs.out;
}

describe('uniqueString and guid as Resource Manager computes them', () => {
  test.each([
    // Outputs of Resource Manager's own implementation (Azure.Deployments.Expression), as recorded in
    // microsoft/commercial-marketplace-offer-deploy's ArmFunctionsTests and in a published re-implementation's checks against Bicep.
    [
      [
        '/subscriptions/31e9f9a0-9fd2-4294-a0a3-0101246d9700/resourceGroups/rg-modm201-20230913120256/providers/Microsoft.Compute/virtualMachines/bobjacmodm201',
      ],
      'yvjxno3je5on2',
    ],
    [['test'], 'rbgf3xv4ufgzg'],
    [['hello', 'world'], 'a7wkljktk6wne'],
    [['abc'], 'cgtzqvhu4i23s'],
    [['/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/my-rg'], 'bmg7c6xu4tw46'],
    [['foo', 'bar', 'baz'], 'xzi4ioaxtmth4'],
  ])('uniqueString(%j) = %s', (parts, expected) => {
    expect(uniqueString(parts)).toBe(expected);
    expect(ev(`[uniqueString(${parts.map((p) => `'${p}'`).join(', ')})]`)).toBe(expected);
  });

  test('guid() is a version-5 UUID of the arguments joined with "-" under ARM\'s namespace', () => {
    // Python: uuid.uuid5(uuid.UUID('11fb06fb-712d-4ddd-98c7-e71bbd588830'), 'a-b-c'), an independent implementation of RFC 4122 v5.
    expect(armGuid(['a', 'b', 'c'])).toBe('a98fa280-e03f-5afa-8d8e-92d0a9c201e8');
    expect(ev("[guid('a', 'b', 'c')]")).toBe('a98fa280-e03f-5afa-8d8e-92d0a9c201e8');
  });
});

describe('functions against the values Microsoft Learn documents', () => {
  test.each<[string, unknown]>([
    // string functions
    ["[concat('prefix', '-', 'suffix')]", 'prefix-suffix'],
    ["[format('{0}, {1}. Formatted number: {2:N0}', 'Hello', 'User', 8175133)]", 'Hello, User. Formatted number: 8,175,133'],
    ["[format('{0:D3}', 7)]", '007'],
    ["[toLower('One Two Three')]", 'one two three'],
    ["[toUpper('One Two Three')]", 'ONE TWO THREE'],
    ["[substring('one two three', 4, 3)]", 'two'],
    ["[replace('123-123-1234', '-', '')]", '1231231234'],
    ["[split('one,two,three', ',')]", ['one', 'two', 'three']],
    ["[startsWith('abcdef', 'AB')]", true],
    ["[endsWith('abcdef', 'EF')]", true],
    ["[indexOf('abcdef', 'CD')]", 2],
    ["[lastIndexOf('abcdef', 'AB')]", 0],
    ["[indexOf('abcdef', 'z')]", -1],
    ["[contains('OneTwoThree', 'e')]", true],
    ["[contains('OneTwoThree', 'z')]", false],
    ["[padLeft('123', 10, '0')]", '0000000123'],
    ["[trim('    one two three   ')]", 'one two three'],
    ["[base64('one, two, three')]", 'b25lLCB0d28sIHRocmVl'],
    ["[base64ToString('b25lLCB0d28sIHRocmVl')]", 'one, two, three'],
    ["[uriComponent('http://contoso.com/resources/nested/azuredeploy.json')]", 'http%3A%2F%2Fcontoso.com%2Fresources%2Fnested%2Fazuredeploy.json'],
    ["[uri('http://contoso.org/firstpath', 'myscript.sh')]", 'http://contoso.org/myscript.sh'],
    ["[string(createObject('valueA', 10, 'valueB', 'Example Text'))]", '{"valueA":10,"valueB":"Example Text"}'],
    ["[last('One Two Three')]", 'e'],
    ["[first('One Two Three')]", 'O'],
    ["[take('One Two Three', 2)]", 'On'],
    ["[skip('one two three', 4)]", 'two three'],
    ["[length('One Two Three')]", 13],
    ["[empty('')]", true],
    // array and object functions
    ['[createArray(1, 2, 3)]', [1, 2, 3]],
    ["[concat(createArray('1-1', '1-2'), createArray('2-1'))]", ['1-1', '1-2', '2-1']],
    ["[union(createArray('one', 'two'), createArray('two', 'three'))]", ['one', 'two', 'three']],
    ["[intersection(createArray('one', 'two', 'three'), createArray('two', 'three'))]", ['two', 'three']],
    ["[union(createObject('one', 'a', 'two', 'b'), createObject('three', 'c', 'two', 'z'))]", { one: 'a', two: 'z', three: 'c' }],
    ['[range(1, 5)]', [1, 2, 3, 4, 5]],
    ['[max(createArray(0, 3, 2, 5, 4))]', 5],
    ['[min(0, 3, 2, 5, 4)]', 0],
    ["[contains(createObject('one', 'a'), 'ONE')]", true],
    [
      "[items(createObject('b', 2, 'a', 1))]",
      [
        { key: 'a', value: 1 },
        { key: 'b', value: 2 },
      ],
    ],
    ['[json(\'{"a": [1, true]}\').a]', [1, true]],
    ["[flatten(createArray(createArray('one'), createArray('two', 'three')))]", ['one', 'two', 'three']],
    ["[filter(createArray(1, 2, 3, 4), lambda('x', greater(lambdaVariables('x'), 2)))]", [3, 4]],
    ["[map(createArray(1, 2), lambda('x', mul(lambdaVariables('x'), 10)))]", [10, 20]],
    ["[reduce(createArray(1, 2, 3), 0, lambda('acc', 'x', add(lambdaVariables('acc'), lambdaVariables('x'))))]", 6],
    ["[toObject(createArray('a', 'b'), lambda('x', lambdaVariables('x')), lambda('x', toUpper(lambdaVariables('x'))))]", { a: 'A', b: 'B' }],
    ["[coalesce(null(), null(), 'fallback')]", 'fallback'],
    // logical and comparison
    ['[and(true(), false())]', false],
    ['[or(true(), false())]', true],
    ['[not(equals(1, 2))]', true],
    ["[if(equals('a', 'a'), 'yes', 'no')]", 'yes'],
    ["[equals('abc', 'ABC')]", false],
    ["[less('A', 'a')]", true],
    ['[greaterOrEquals(10, 10)]', true],
    ["[bool('TRUE')]", true],
    // numeric
    ['[add(5, 3)]', 8],
    ['[sub(7, 3)]', 4],
    ['[mul(5, 3)]', 15],
    ['[div(8, 3)]', 2],
    ['[mod(7, 3)]', 1],
    ["[int('4')]", 4],
    // date
    ["[dateTimeAdd('2020-04-07 14:53:14Z', 'P3Y')]", '2023-04-07T14:53:14Z'],
    ["[dateTimeAdd('2020-04-07 14:53:14Z', '-PT9H')]", '2020-04-07T05:53:14Z'],
    ['[dateTimeFromEpoch(1683040573)]', '2023-05-02T15:16:13Z'],
    ["[dateTimeToEpoch('2023-05-02T15:16:13Z')]", 1683040573],
    // resource and scope functions
    [
      "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet1', 'snet1')]",
      `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/vnet1/subnets/snet1`,
    ],
    [
      "[resourceId('otherRg', 'Microsoft.Storage/storageAccounts', 'st1')]",
      `/subscriptions/${SUB}/resourceGroups/otherRg/providers/Microsoft.Storage/storageAccounts/st1`,
    ],
    [
      "[resourceId('11111111-1111-1111-1111-111111111111', 'rg2', 'Microsoft.Network/virtualNetworks', 'v')]",
      '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg2/providers/Microsoft.Network/virtualNetworks/v',
    ],
    [
      "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'acdd72a7-3385-48ef-bd42-f606fba81ae7')]",
      `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`,
    ],
    ["[tenantResourceId('Microsoft.Management/managementGroups', 'mg1')]", '/providers/Microsoft.Management/managementGroups/mg1'],
    [
      "[extensionResourceId(resourceId('Microsoft.Storage/storageAccounts', 'st1'), 'Microsoft.Authorization/locks', 'lock1')]",
      `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.Storage/storageAccounts/st1/providers/Microsoft.Authorization/locks/lock1`,
    ],
    ['[resourceGroup().id]', `/subscriptions/${SUB}/resourceGroups/rg1`],
    ['[resourceGroup().location]', 'westeurope'],
    ['[subscription().subscriptionId]', SUB],
    ['[deployment().name]', 'd1'],
    // environment() of AzureCloud, as the function's page prints it
    ['[environment().suffixes.keyvaultDns]', '.vault.azure.net'],
    ['[environment().suffixes.storage]', 'core.windows.net'],
    ['[environment().suffixes.acrLoginServer]', '.azurecr.io'],
    ['[environment().name]', 'AzureCloud'],
    // case-insensitive function names and property access, as in ARM
    ['[TOLOWER(Environment().Suffixes.KeyVaultDns)]', '.vault.azure.net'],
    ['[[not an expression]', '[not an expression]'],
    ["[concat('it''s', ' quoted')]", "it's quoted"],
  ])('%s', (expression, expected) => {
    expect(ev(expression)).toEqual(expected);
  });

  test('parameters and variables are case-insensitive, variables may use parameters', () => {
    expect(ev("[variables('FULLNAME')]", { parameters: { prefix: 'ml' }, variables: { fullName: "[concat(parameters('PREFIX'), '-ws')]" } })).toBe(
      'ml-ws',
    );
  });

  test('list*, utcNow and newGuid are unknown, never a guess', () => {
    for (const e of ["[listKeys(resourceId('Microsoft.Storage/storageAccounts', 'st1'), '2023-01-01').keys[0].value]", '[utcNow()]', '[newGuid()]']) {
      expect(isUnknown(ev(e))).toBe(true);
    }
    // An unknown flows through functions.
    expect(isUnknown(ev("[concat('x', listKeys('a', '1').k)]"))).toBe(true);
  });

  test('an unknown function is an error naming it', () => {
    expect(() => ev('[frobnicate(1)]')).toThrow(UnknownFunctionError);
    expect(() => ev('[frobnicate(1)]')).toThrow('unknown template function frobnicate()');
  });

  test.each([
    ["[concat('a']", 'missing ")"'],
    ["[substring('abc', 2, 5)]", 'substring(): start 2 and length 5 fall outside'],
    ["[createObject('a').b]", 'createObject(): expects key, value pairs'],
    ["[json('{').a]", 'is not valid JSON'],
  ])('%s is a template error', (expression, message) => {
    expect(() => ev(expression)).toThrow(TemplateError);
    expect(() => ev(expression)).toThrow(message);
  });
});
