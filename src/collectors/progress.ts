/**
 * What collection tells the person waiting for it. Collectors emit these events; the CLI decides how
 * they look (a live line on a terminal's stderr, plain lines in a CI log, nothing with -q).
 * Structured, so a throttling wait can be shown as such rather than parsed out of a message.
 */
export type ProgressEvent =
  /** A phase starts: "listing resources in 3 subscription(s)", "querying Resource Graph", "reading workspace children". */
  | { type: 'phase'; message: string }
  /** Requests finished so far in this scan (sent at most a few times a second). */
  | { type: 'requests'; done: number; inFlight: number }
  /** Reads to `scope` (a subscription, or Resource Graph) are paused for `waitMs` because Azure throttled them. */
  | { type: 'throttled'; scope: string; waitMs: number; reason: string }
  /** A throttling pause is over. */
  | { type: 'resumed'; scope: string };

export type ProgressSink = (event: ProgressEvent) => void;
