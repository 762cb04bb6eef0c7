/**
 * Leading-and-trailing throttle: the first call fires at once, calls within
 * `ms` of the last firing are folded into one firing at the end of the window.
 */
export function throttle(
  fire: () => void,
  ms: number,
  clock: { now: () => number; set: (f: () => void, ms: number) => unknown; clear: (t: unknown) => void } = {
    now: () => Date.now(),
    set: (f, delay) => setTimeout(f, delay),
    clear: (t) => clearTimeout(t as ReturnType<typeof setTimeout>),
  },
): { call: () => void; cancel: () => void } {
  let last = Number.NEGATIVE_INFINITY;
  let timer: unknown = null;
  const run = () => {
    timer = null;
    last = clock.now();
    fire();
  };
  return {
    call() {
      if (timer !== null) return;
      const wait = last + ms - clock.now();
      if (wait <= 0) run();
      else timer = clock.set(run, wait);
    },
    cancel() {
      if (timer !== null) clock.clear(timer);
      timer = null;
    },
  };
}
