/**
 * Node's options for a worker process, given on its command line wherever one starts
 * (`npm run worker`, docker-compose, `npm start`, the live-calls bench): V8's own flags,
 * which NODE_OPTIONS does not take. test/worker/node-options.test.ts keeps package.json and
 * docker-compose.yml saying the same.
 *
 * A garbage collection stops its thread, and a worker has two that every live call needs:
 * the workflow thread runs every cached workflow's activations, the main thread the local
 * activities (the model's turn) and the SDK's bridge. Under the live-calls bench at 250 live
 * calls, V8's defaults paused them up to 330 ms (p99 286 ms over a two-minute window), which
 * was most of a turn's tail:
 * - `--max-semi-space-size=4`: a young generation of at most 4 MB a half rather than V8's
 *   16–32 MB. Its collections (scavenges) come about seven times as often and cost more CPU
 *   in all, but each copies a fraction of the survivors: p99 ~20 ms rather than ~100 ms.
 * - `--no-memory-reducer`: no compacting full collection when V8 judges the thread idle;
 *   between two turns a worker looks idle, and those pauses took 100–330 ms. Heaps then
 *   shrink only through ordinary collections, so an idle worker gives memory back later.
 */
export const WORKER_NODE_OPTIONS: readonly string[] = ['--max-semi-space-size=4', '--no-memory-reducer'];
