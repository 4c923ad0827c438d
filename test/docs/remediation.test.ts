/** Remediation commands users copy: they must be commands the tools accept and do the whole job. */
import { ruleById } from '../../src/rules';

describe('remediation', () => {
  it('AMLNET301 sets properties.serviceDataAccessAuthIdentity through az rest (az ml datastore update has no such field)', () => {
    const { azCli } = ruleById('AMLNET301')!.meta.remediation;
    expect(azCli).not.toMatch(/az ml datastore update/);
    expect(azCli).toMatch(/az rest --method get --url "\$ds"/);
    expect(azCli).toMatch(/az rest --method put --url "\$ds" --body @datastore\.json/);
    expect(azCli).toContain('serviceDataAccessAuthIdentity: "WorkspaceSystemAssignedIdentity"');
    expect(azCli).toMatch(/datastores\/<datastore>\?api-version=\d{4}-\d{2}-\d{2}/);
  });

  it('AMLNET401 links and groups both zones a workspace endpoint needs', () => {
    const { azCli, bicep, text } = ruleById('AMLNET401')!.meta.remediation;
    for (const zone of ['privatelink.api.azureml.ms', 'privatelink.notebooks.azure.net']) {
      expect(text).toContain(zone);
      expect(azCli).toContain(`--private-dns-zone <${zone} zone id>`);
      expect(bicep).toContain(`'${zone}'`);
    }
    expect(azCli).toMatch(/dns-zone-group create [^\n]*\n[^\n]*--zone-name api\n/);
    expect(azCli).toMatch(/dns-zone-group add [^\n]*\n[^\n]*--zone-name notebooks$/);
    expect(bicep.match(/privateDnsZoneId:/g)).toHaveLength(2);
  });
});
