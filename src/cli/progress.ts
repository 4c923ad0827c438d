/**
 * How collection progress looks on stderr. On a terminal: one live line, rewritten in place (phase,
 * requests done, any throttling wait) and erased at the end. Anywhere else (a CI log, a file): plain
 * lines without escape codes, one per phase with the count so far, one every few seconds while
 * requests run, and one for each throttling pause. `-q` gives no display at all.
 */
import cliTruncate from 'cli-truncate';
import type { ProgressEvent, ProgressSink } from '../collectors/progress';
import { escapeTerminal } from '../report/escape';

export interface ProgressDisplay {
  sink: ProgressSink;
  /** Collection is over: erase the live line, or log the total. */
  end(requestsDone?: number): void;
  /** Collection failed (the error says why): erase the live line. */
  stop(): void;
}

export interface ProgressDisplayOptions {
  /** Rewrite one line in place (a terminal that is not `dumb`); otherwise plain lines. */
  live: boolean;
  /** The terminal's width, for the live line. */
  width?: number;
  /** Plain mode: at most one request-count line this often (default 5 s). */
  everyMs?: number;
  now?: () => number;
}

const ERASE_LINE = '\r\u001b[2K';

export function progressDisplay(write: (s: string) => void, options: ProgressDisplayOptions): ProgressDisplay {
  const now = options.now ?? Date.now;
  const everyMs = options.everyMs ?? 5000;
  let phase = '';
  let done = 0;
  let inFlight = 0;
  const throttled = new Map<string, { waitMs: number; reason: string }>();
  let drawn = false;
  let lastLine = now();

  const liveLine = (): string => {
    const waits = [...throttled].map(([scope, t]) => `throttled by Azure, waiting ${seconds(t.waitMs)} (${escapeTerminal(scope)})`);
    // A wait first: it is what the person needs to know, and the end of a narrow line is cut.
    const line = `amlnet: ${[...waits, escapeTerminal(phase), `${done} request(s) done${inFlight ? `, ${inFlight} in flight` : ''}`].join(' · ')}`;
    // One column short of the width: writing the last column makes some terminals wrap.
    return cliTruncate(line, Math.max(20, (options.width ?? 80) - 1));
  };
  const plain = (s: string) => {
    write(`amlnet: ${s}\n`);
    lastLine = now();
  };

  const sink = (e: ProgressEvent): void => {
    switch (e.type) {
      case 'phase':
        phase = e.message;
        if (!options.live) plain(`${escapeTerminal(e.message)} (${done} request(s) done so far)`);
        break;
      case 'requests':
        done = e.done;
        inFlight = e.inFlight;
        if (!options.live && now() - lastLine >= everyMs) plain(`${done} request(s) done, ${inFlight} in flight`);
        break;
      case 'throttled':
        throttled.set(e.scope, { waitMs: e.waitMs, reason: e.reason });
        if (!options.live) plain(`Azure throttled reads of ${escapeTerminal(e.scope)}: waiting ${seconds(e.waitMs)} (${escapeTerminal(e.reason)})`);
        break;
      case 'resumed':
        throttled.delete(e.scope);
        if (!options.live) plain(`reads of ${escapeTerminal(e.scope)} resumed`);
        break;
    }
    if (options.live && phase) {
      write(ERASE_LINE + liveLine());
      drawn = true;
    }
  };

  return {
    sink,
    end(requestsDone) {
      if (options.live) {
        if (drawn) write(ERASE_LINE);
        return;
      }
      plain(`collection done: ${requestsDone ?? done} request(s)`);
    },
    stop() {
      if (options.live && drawn) write(ERASE_LINE);
    },
  };
}

function seconds(ms: number): string {
  return `${Math.ceil(ms / 1000)}s`;
}
