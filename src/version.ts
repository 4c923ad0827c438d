// The version comes from package.json so that reports, SARIF and --version never disagree.
export const VERSION: string = require('../package.json').version;
