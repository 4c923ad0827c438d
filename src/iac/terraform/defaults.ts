/**
 * What stands in where a Terraform plan does not say: the subscription when nothing names one, and
 * the GUIDs of the built-in roles `azurerm_role_assignment.role_definition_name` takes. The values
 * Resource Manager fills in for attributes a configuration leaves out are not here: they are the
 * overlay's (src/iac/defaults.ts), one table for every before-deployment input.
 */

/** The subscription used when neither the plan nor the base names one (stated in the report's notes). */
export const PLACEHOLDER_SUBSCRIPTION = '00000000-0000-0000-0000-000000000000';

/**
 * Built-in role names `azurerm_role_assignment.role_definition_name` takes, by GUID (the same
 * GUID in every tenant; Azure built-in roles reference). The roles the rules ask about are here.
 */
export const BUILT_IN_ROLES: Record<string, string> = {
  owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  'storage blob data owner': 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b',
  'storage blob data contributor': 'ba92f5b4-2d11-453d-a403-e96b0029c9fe',
  'storage blob data reader': '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1',
  acrpull: '7f951dda-4ed3-4680-a7ca-43fe172d538d',
  acrpush: '8311e382-0749-4cb8-b61a-304f252e45ec',
  'key vault secrets user': '4633458b-17de-408a-b874-0445c86b69e6',
  'key vault administrator': '00482a5a-887f-4fb3-b363-3b7fe8e74483',
  'network contributor': '4d97b98b-1d4f-4787-a291-c67834d212e7',
  'azureml data scientist': 'f6c7c914-8db3-469d-8ca1-694a8f32e121',
};
