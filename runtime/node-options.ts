/**
 * Node's options for the processes a call waits on, the API and the workers, given on
 * their command line wherever one starts (`npm run api` and `npm run worker`, the
 * Dockerfile and docker-compose, `npm start`, the live-calls bench): V8's own flags, which
 * NODE_OPTIONS does not take. test/runtime/node-options.test.ts keeps them all saying the same.
 *
 * A garbage collection stops its thread, and a turn of a call passes through three: the
 * API's, a worker's workflow thread (every cached workflow's activations) and its main
 * thread (the local activities, the model's turn among them, and the SDK's bridge). Under
 * the live-calls bench, with V8's defaults, the workers paused up to 330 ms (p99 286 ms in a
 * two-minute window at 250 live calls) and the API up to 103 ms at 150: most of a turn's tail.
 * - `--max-semi-space-size=4`: a young generation whose halves grow to 4 MB rather than
 *   V8's 16. Its collections (scavenges) come about seven times as often and cost twice the
 *   CPU in all, but each copies a fraction of the survivors: p99 ~20 ms rather than ~100 ms.
 * - `--no-memory-reducer`: no compacting full collection when V8 judges the process idle;
 *   between two turns a worker or the API looks idle, and those pauses took 100–330 ms.
 *   Heaps then shrink only through ordinary collections: an idle process gives memory back later.
 */
export const SERVER_NODE_OPTIONS: readonly string[] = ['--max-semi-space-size=4', '--no-memory-reducer'];
