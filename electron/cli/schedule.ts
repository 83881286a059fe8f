import type { CliIO } from './main';

/** `branchbox schedule`: loan terms as JSON on standard input, the schedule as JSON on standard output. */
export async function scheduleCommand(io: CliIO): Promise<number> {
  await io.readStdin();
  io.err('The loan schedule engine is not built into this version yet.');
  return 1;
}
