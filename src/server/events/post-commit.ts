import { AsyncLocalStorage } from "node:async_hooks";
import { logger } from "@/server/logger";

/**
 * Work that must wait until the request's transaction has committed: record
 * events for live views, notification delivery over HTTP. Inside `afterCommit`
 * the tasks queue up and run once the wrapped work finished; outside it
 * (no enclosing transaction) they run at once.
 */
type Task = () => Promise<unknown> | unknown;

const pending = new AsyncLocalStorage<Task[]>();

export async function afterCommit<T>(work: () => Promise<T>): Promise<T> {
  const tasks: Task[] = [];
  const result = await pending.run(tasks, work);
  for (const task of tasks) void run(task);
  return result;
}

export function runAfterCommit(task: Task): void {
  const queue = pending.getStore();
  if (queue) queue.push(task);
  else void run(task);
}

async function run(task: Task): Promise<void> {
  try {
    await task();
  } catch (error) {
    logger.warn({ err: error instanceof Error ? error.message : String(error) }, "post-commit task failed");
  }
}
