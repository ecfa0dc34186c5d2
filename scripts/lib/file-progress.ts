import cliProgress from "cli-progress";

export interface FileProgress {
  update(done: number, total: number, family: string): void;
  stop(): void;
}

/** Plain lines are written every this many files (and when a family ends). */
const PLAIN_EVERY = 100;

/**
 * Progress on stderr, so stdout carries only the summary: a bar on a
 * terminal, plain lines otherwise (CI logs, pipes).
 */
export function fileProgress(label: string, stream: NodeJS.WriteStream = process.stderr): FileProgress {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label} {bar} {value}/{total} files  {family}`,
        stream,
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(done, total, family) {
        if (!started) {
          bar.start(total, 0, { family });
          started = true;
        }
        bar.setTotal(total);
        bar.update(done, { family });
      },
      stop() {
        if (started) bar.stop();
        started = false;
      },
    };
  }

  let current = { done: 0, total: 0, family: "" };
  let lastWritten = -1;
  const write = (at: typeof current) => {
    stream.write(`${label}: ${at.done}/${at.total} files (${at.family})\n`);
    lastWritten = at.done;
  };
  return {
    update(done, total, family) {
      // A family boundary gets its own line, so slow families are visible in logs.
      if (current.family && family !== current.family && lastWritten !== current.done) write(current);
      current = { done, total, family };
      if (done % PLAIN_EVERY === 0) write(current);
    },
    stop() {
      if (current.done > 0 && lastWritten !== current.done) write(current);
    },
  };
}
