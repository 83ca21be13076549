// Which api-versions vnetlab accepts, per resource provider. ARM refuses a request whose api-version the
// provider does not publish; vnetlab serves the Microsoft.Network versions of the REST spec's stable folders
// (Azure/azure-rest-api-specs specification/network/resource-manager/Microsoft.Network/stable) and the
// Microsoft.Resources / Microsoft.Compute versions the Azure SDKs and the Azure CLI send.
// Fidelity: every version is served with the 2025-07-01 shapes; a version changes only the defaults that changed
// between versions (apply()'s api-version-aware defaults, such as private subnets from 2025-07-01).

const NETWORK = [
  '2017-06-01',
  '2017-08-01',
  '2017-09-01',
  '2017-10-01',
  '2017-11-01',
  '2018-01-01',
  '2018-02-01',
  '2018-04-01',
  '2018-06-01',
  '2018-07-01',
  '2018-08-01',
  '2018-10-01',
  '2018-11-01',
  '2018-12-01',
  '2019-02-01',
  '2019-04-01',
  '2019-06-01',
  '2019-07-01',
  '2019-08-01',
  '2019-09-01',
  '2019-11-01',
  '2019-12-01',
  '2020-03-01',
  '2020-04-01',
  '2020-05-01',
  '2020-06-01',
  '2020-07-01',
  '2020-08-01',
  '2020-11-01',
  '2021-02-01',
  '2021-03-01',
  '2021-05-01',
  '2021-08-01',
  '2022-01-01',
  '2022-05-01',
  '2022-07-01',
  '2022-09-01',
  '2022-11-01',
  '2023-02-01',
  '2023-04-01',
  '2023-05-01',
  '2023-06-01',
  '2023-09-01',
  '2023-11-01',
  '2024-01-01',
  '2024-03-01',
  '2024-05-01',
  '2024-07-01',
  '2024-10-01',
  '2025-01-01',
  '2025-03-01',
  '2025-05-01',
  '2025-07-01',
];

// Microsoft.Resources: deployments and resource groups, and the subscriptions / tenants API (2016-06-01,
// 2019-06-01, 2019-11-01, 2020-01-01, 2022-12-01: `az login` lists subscriptions with 2019-11-01).
const RESOURCES = [
  '2016-06-01',
  '2016-09-01',
  '2019-06-01',
  '2019-11-01',
  '2020-01-01',
  '2017-05-10',
  '2018-05-01',
  '2019-05-01',
  '2019-07-01',
  '2019-08-01',
  '2019-10-01',
  '2020-06-01',
  '2020-08-01',
  '2020-10-01',
  '2021-01-01',
  '2021-04-01',
  '2022-01-01',
  '2022-09-01',
  '2022-12-01',
  '2023-07-01',
  '2024-03-01',
  '2024-07-01',
  '2024-11-01',
  '2025-03-01',
  '2025-04-01',
];

const COMPUTE = [
  '2019-07-01',
  '2020-06-01',
  '2020-12-01',
  '2021-03-01',
  '2021-07-01',
  '2021-11-01',
  '2022-03-01',
  '2022-08-01',
  '2022-11-01',
  '2023-03-01',
  '2023-07-01',
  '2023-09-01',
  '2024-03-01',
  '2024-07-01',
  '2024-11-01',
  '2025-04-01',
];

const BY_NAMESPACE: ReadonlyMap<string, readonly string[]> = new Map([
  ['microsoft.network', NETWORK],
  ['microsoft.resources', RESOURCES],
  ['microsoft.compute', COMPUTE],
]);

/** The versions a namespace serves, newest last; undefined for a namespace vnetlab does not serve. */
export const apiVersionsOf = (namespace: string): readonly string[] | undefined =>
  BY_NAMESPACE.get(namespace.toLowerCase());

// The preview versions Microsoft.Network published for Azure Virtual Network Manager before its stable ones
// (the REST spec's preview folders), which older clients and templates still send.
const NETWORK_PREVIEWS = [
  '2021-02-01-preview',
  '2021-05-01-preview',
  '2022-02-01-preview',
  '2022-04-01-preview',
];

/**
 * Whether `version` is served for `namespace`: a published version, or the '-preview' form of one. A version no
 * provider publishes (`2025-07-02-preview`, `9999-99-99-preview`) is refused, as ARM refuses it.
 */
export function isServedApiVersion(namespace: string, version: string): boolean {
  const versions = apiVersionsOf(namespace);
  if (!versions) return false;
  const v = version.toLowerCase();
  if (namespace.toLowerCase() === 'microsoft.network' && NETWORK_PREVIEWS.includes(v)) return true;
  // Fidelity: the '-preview' form of a published date is accepted though Azure publishes few of them.
  return versions.includes(v.replace(/-preview$/, ''));
}

export const NAMESPACES = ['Microsoft.Network', 'Microsoft.Resources', 'Microsoft.Compute'] as const;
