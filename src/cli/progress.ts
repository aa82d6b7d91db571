import cliProgress from 'cli-progress';

/**
 * Progress on stderr for a command that may run past two seconds (issue 9 item 6): shown only when
 * stderr is a terminal or `--progress` asks, never on stdout (which carries the `--json` document),
 * and only once two seconds have passed, so quick runs print nothing. The work is synchronous, so
 * the bar redraws at each `update` (cli-progress's synchronousUpdate), not on a timer.
 */
export interface StageProgress {
  /**
   * Entering a stage: `done` of `total` units (total 1 for a stage without parts). `long`: the
   * stage is known to take seconds (the bar appears at once rather than at the next update).
   */
  update(stage: string, done: number, total: number, long?: boolean): void;
  stop(): void;
}

export const PROGRESS_DELAY_MS = 2000;

export function stageProgress(command: string, force: boolean | undefined, now: () => number = Date.now): StageProgress {
  if (!(force || process.stderr.isTTY)) return { update() {}, stop() {} };
  const start = now();
  let bar: cliProgress.SingleBar | undefined;
  let shownStage = '';
  let shownTotal = 0;
  return {
    update(stage, done, total, long = false) {
      if (!bar && !long && now() - start < PROGRESS_DELAY_MS) return;
      if (!bar) {
        bar = new cliProgress.SingleBar(
          { stream: process.stderr, format: `${command}: {stage} [{bar}] {value}/{total} | {duration_formatted}`, hideCursor: true, noTTYOutput: true, notTTYSchedule: 1000 },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, done, { stage });
        shownStage = stage;
        shownTotal = total;
        return;
      }
      if (stage !== shownStage || total !== shownTotal) {
        bar.setTotal(total);
        shownStage = stage;
        shownTotal = total;
      }
      bar.update(done, { stage });
    },
    stop() {
      bar?.stop();
    },
  };
}
