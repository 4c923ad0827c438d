/**
 * What the reader refuses (exit 2, one line naming the file and what to do) and where it says a
 * resource is declared: the plan JSON's line, or with --terraform-root the `resource` block in the .tf files.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../../src/errors';
import { readTerraformPlan, terraformPlanFromText } from '../../../src/iac/terraform/read';
import { constant, ref, TfPlan } from '../../support/tfplan';

function refusal(text: string): UsageError {
  try {
    terraformPlanFromText('tfplan.json', text);
  } catch (e) {
    if (e instanceof UsageError) return e;
    throw e;
  }
  throw new Error('accepted');
}

describe('inputs refused', () => {
  test.each([
    [
      'format 2.x',
      JSON.stringify({ format_version: '2.0', resource_changes: [] }),
      'tfplan.json: Terraform JSON format_version 2.0 is not supported (amlnet reads 1.x); produce the plan with a Terraform release that writes format 1.x',
    ],
    ['invalid JSON', '{"format_version": "1.2", ', 'tfplan.json: not valid JSON ('],
    [
      'a state file',
      JSON.stringify({ format_version: '1.0', values: { root_module: {} } }),
      'tfplan.json: a Terraform state, not a plan (no resource_changes or planned_values); run `terraform show -json <planfile>` on a saved plan (`terraform plan -out <planfile>`)',
    ],
    [
      'no format_version',
      JSON.stringify({ resource_changes: [] }),
      'tfplan.json: no format_version; give --terraform-plan the output of `terraform show -json <planfile>`',
    ],
    ['an array', '[]', 'tfplan.json: not a Terraform plan (expected a JSON object from `terraform show -json <planfile>`)'],
  ])('%s: exit 2, one line', (_what, text, message) => {
    const e = refusal(text);
    expect(e.exitCode).toBe(2);
    expect(e.message.startsWith(message)).toBe(true);
    expect(e.message).not.toContain('\n');
  });

  test('a file that cannot be read', () => {
    expect(() => readTerraformPlan('/nonexistent/plan.json')).toThrow(
      new UsageError(
        '/nonexistent/plan.json: cannot read the Terraform plan (ENOENT); give --terraform-plan the output of `terraform show -json <planfile>`',
      ),
    );
  });
});

const SUB = '6b1f3d2a-5c4e-4f7a-9b8c-1d2e3f4a5b6c';
function twoModulePlan(): TfPlan {
  return new TfPlan()
    .provider('azurerm', { features: [{}], subscription_id: constant(SUB) })
    .module('module.net', { source: './modules/net', outputs: { subnet_id: ref('azurerm_subnet.pe.id') } })
    .resource({
      type: 'azurerm_subnet',
      name: 'pe',
      module: 'module.net',
      after: { name: 'snet-pe', resource_group_name: 'rg', virtual_network_name: 'vnet', address_prefixes: ['10.0.1.0/24'] },
      unknown: { id: true },
    })
    .resource({
      type: 'azurerm_virtual_network',
      name: 'main',
      module: 'module.net',
      after: { name: 'vnet', resource_group_name: 'rg', location: 'eastus', address_space: ['10.0.0.0/16'] },
      unknown: { id: true, subnet: true },
    })
    .resource({
      type: 'azurerm_key_vault',
      name: 'kv',
      after: { name: 'kv1', resource_group_name: 'rg', location: 'eastus', public_network_access_enabled: false },
      unknown: { id: true, network_acls: true },
    });
}

describe('source lines', () => {
  test('without --terraform-root: the line of the resource\'s "address" in the plan JSON', () => {
    const text = twoModulePlan().text();
    const p = terraformPlanFromText('tfplan.json', text);
    const lines = text.split('\n');
    for (const u of p.upserts) {
      expect(u.source.file).toBe('tfplan.json');
      expect(lines[u.source.line! - 1]).toContain(`"address": ${JSON.stringify(u.source.name)}`);
      // resource_changes, not planned_values: the change is what the pull request reviews.
      expect(lines.slice(0, u.source.line! - 1).join('\n')).toContain('"resource_changes"');
    }
    expect(p.upserts.map((u) => u.source.name).sort()).toEqual(['azurerm_key_vault.kv', 'module.net.azurerm_virtual_network.main']);
  });

  test("with --terraform-root: the resource block in the root's and the local module's .tf files", () => {
    const root = mkdtempSync(join(tmpdir(), 'amlnet-tfroot-'));
    mkdirSync(join(root, 'modules', 'net'), { recursive: true });
    writeFileSync(join(root, 'main.tf'), 'module "net" {\n  source = "./modules/net"\n}\n\nresource "azurerm_key_vault" "kv" {\n  name = "kv1"\n}\n');
    writeFileSync(
      join(root, 'modules', 'net', 'network.tf'),
      '# the network\nresource "azurerm_virtual_network" "main" {\n}\n\n  resource "azurerm_subnet" "pe" {\n}\n',
    );
    const planFile = join(root, 'tfplan.json');
    writeFileSync(planFile, twoModulePlan().text());
    const p = readTerraformPlan(planFile, { root });
    const byName = Object.fromEntries(p.upserts.map((u) => [u.source.name, u.source]));
    expect(byName['azurerm_key_vault.kv']).toEqual({ kind: 'terraform-plan', file: join(root, 'main.tf'), name: 'azurerm_key_vault.kv', line: 5 });
    // The VNet record carries its folded subnet; its source is the VNet's own block.
    expect(byName['module.net.azurerm_virtual_network.main']).toEqual({
      kind: 'terraform-plan',
      file: join(root, 'modules', 'net', 'network.tf'),
      name: 'module.net.azurerm_virtual_network.main',
      line: 2,
    });
  });

  test("with --terraform-root, a resource whose block is not found keeps the plan file's line", () => {
    const root = mkdtempSync(join(tmpdir(), 'amlnet-tfroot-'));
    const planFile = join(root, 'tfplan.json');
    writeFileSync(planFile, twoModulePlan().text());
    const p = readTerraformPlan(planFile, { root });
    expect(p.upserts.every((u) => u.source.file === planFile && typeof u.source.line === 'number')).toBe(true);
  });
});
