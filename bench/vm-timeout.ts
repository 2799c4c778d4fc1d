import { cpuUsage } from 'node:process';
import vm from 'node:vm';
import { positiveInt } from './figures';

/**
 * What the workers' deadlock check (WORKER_DEADLOCK_TIMEOUT) costs a call into a workflow's
 * sandbox: the SDK enters the sandbox through node:vm with a timeout, and Node starts and
 * joins a watchdog thread for each such call. The same trivial call into a context made as
 * the SDK makes it, with the timeout and without, in alternating rounds of the same run;
 * CPU of the whole process (the watchdog threads included) per call, and the ratio.
 * VM_TIMEOUT_CALLS (20000) calls a round, four rounds of each.
 */
const CALLS = positiveInt('VM_TIMEOUT_CALLS', 20_000);
const ROUNDS = 4;

export async function run(): Promise<void> {
  const context = vm.createContext({}, { microtaskMode: 'afterEvaluate' });
  const script = new vm.Script('globalThis.calls = (globalThis.calls ?? 0) + 1');
  const variants = { 'without a timeout': { displayErrors: true }, 'with a 5 s timeout (the default)': { timeout: 5000, displayErrors: true } };
  const cpuMicros: Record<string, number> = Object.fromEntries(Object.keys(variants).map((name) => [name, 0]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, options] of Object.entries(variants)) {
      const before = cpuUsage();
      for (let i = 0; i < CALLS; i++) script.runInContext(context, options);
      const spent = cpuUsage(before);
      cpuMicros[name]! += spent.user + spent.system;
    }
  }
  const perCall = (name: string) => cpuMicros[name]! / (CALLS * ROUNDS);
  const [bare, watched] = Object.keys(variants) as [string, string];
  process.stdout.write(`vm-timeout (Node ${process.version}; ${CALLS} calls a round, ${ROUNDS} rounds each)\n`);
  for (const name of [bare, watched]) process.stdout.write(`  ${name.padEnd(34)} ${perCall(name).toFixed(2)} µs of CPU a call\n`);
  process.stdout.write(`  ratio                              ${(perCall(watched) / perCall(bare)).toFixed(0)}× (${(perCall(watched) - perCall(bare)).toFixed(0)} µs a call for the watchdog)\n`);
  process.stdout.write(`${JSON.stringify({ bench: 'vm-timeout', node: process.version, callsPerRound: CALLS, rounds: ROUNDS, cpuMicrosPerCall: { bare: perCall(bare), withTimeout: perCall(watched) } })}\n`);
}
