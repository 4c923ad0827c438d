// The version comes from package.json so that reports, SARIF and --version never disagree.
// eslint-disable-next-line @typescript-eslint/no-var-requires
export const VERSION: string = require('../package.json').version;
