/**
 * Opens the next resource of a daemon's start-up; if that fails, closes the ones already open (a store's files, a
 * database) before rethrowing, so a daemon that cannot start (a metrics port in use) leaves nothing locked behind.
 */
export async function closeOnFailure<T>(open: () => Promise<T>, ...opened: (() => Promise<unknown>)[]): Promise<T> {
  try {
    return await open();
  } catch (error) {
    for (const close of opened) await close().catch(() => {});
    throw error;
  }
}
