import "server-only";

/**
 * Group commit for bookkeeping written on every call (a key's count, an administration's last
 * call): the first item is written at once; items that arrive while a write is under way are
 * written together in the next one, started when it ends. One at a time nothing changes (each
 * caller's write is done when its promise resolves, as before); fifty callers at once share a
 * few queries instead of fifty that queue on the same row's lock.
 */
export function coalescedWriter<T>(write: (items: T[]) => Promise<void>): (item: T) => Promise<void> {
  let queue: T[] = [];
  let running: Promise<void> | null = null;
  let following: Promise<void> | null = null;
  const start = (): Promise<void> => {
    const items = queue;
    queue = [];
    running = write(items).finally(() => {
      running = null;
    });
    return running;
  };
  return (item) => {
    queue.push(item);
    if (!running) return start();
    following ??= running
      .catch(() => {})
      .then(() => {
        following = null;
        return start();
      });
    return following;
  };
}
