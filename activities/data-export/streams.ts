import { Transform } from 'node:stream';

/** Each row of an export is one line: counting newlines counts rows. */
export function countLines(chunk: Buffer): number {
  let lines = 0;
  for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
  return lines;
}

/** A stream that passes its bytes on untouched, showing each chunk to `see` on the way. */
export function tap(see: (chunk: Buffer) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      see(chunk);
      done(null, chunk);
    },
  });
}
