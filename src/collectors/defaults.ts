/**
 * Collection defaults the CLI shows in its help. Kept apart from session.ts so that commands that
 * do not collect (`audit --snapshot`, `rules`, `report`, `graph`) do not load the Azure SDK.
 */

/** `--concurrency` when not given: chosen from the bench (docs/performance.md). */
export const DEFAULT_CONCURRENCY = 16;

/** `--max-wait` when not given, in seconds: several refills of Resource Manager's read bucket, short enough for a CI step (retry.ts). */
export const DEFAULT_MAX_WAIT_SECONDS = 300;
