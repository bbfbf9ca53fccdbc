import { INestApplicationContext, Logger } from '@nestjs/common';

/**
 * SIGTERM / SIGINT close the app — HTTP stops accepting, BullMQ workers let the running job
 * finish — then the process exits 0, so an operator (or the start script) sees a clean stop.
 */
export function closeOnSignals(app: INestApplicationContext, name: string): void {
  let closing = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (closing) return;
      closing = true;
      const force = setTimeout(() => {
        new Logger(name).error('did not stop within 30 s; exiting');
        process.exit(1);
      }, 30_000);
      force.unref();
      app.close().then(
        () => process.exit(0),
        (error) => {
          new Logger(name).error(`stopping failed: ${error?.message ?? error}`);
          process.exit(1);
        },
      );
    });
  }
}
