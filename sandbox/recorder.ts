import type { NextFunction, Request, Response } from 'express';

export interface RecordedResponse {
  method: string;
  /** Path without the query string, as the client asked for it. */
  path: string;
  status: number;
  contentType: string;
  body: string;
}

/**
 * Keeps the responses the sandbox served on the provider APIs, so tests (and people)
 * can check them against the providers' own OpenAPI documents.
 */
export class ResponseRecorder {
  private readonly records: RecordedResponse[] = [];

  constructor(private readonly limit = 5_000) {}

  all(): RecordedResponse[] {
    return [...this.records];
  }

  clear(): void {
    this.records.length = 0;
  }

  middleware() {
    return (req: Request, res: Response, next: NextFunction): void => {
      const chunks: Buffer[] = [];
      const write = res.write.bind(res) as (...args: unknown[]) => boolean;
      const end = res.end.bind(res) as (...args: unknown[]) => Response;
      const keep = (chunk: unknown) => {
        if (typeof chunk === 'string') chunks.push(Buffer.from(chunk));
        else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
      };
      res.write = ((...args: unknown[]) => {
        keep(args[0]);
        return write(...args);
      }) as Response['write'];
      res.end = ((...args: unknown[]) => {
        if (typeof args[0] !== 'function') keep(args[0]);
        if (this.records.length >= this.limit) this.records.shift();
        this.records.push({
          method: req.method,
          path: req.originalUrl.split('?')[0] ?? req.originalUrl,
          status: res.statusCode,
          contentType: String(res.getHeader('content-type') ?? ''),
          body: Buffer.concat(chunks).toString('utf8'),
        });
        return end(...args);
      }) as Response['end'];
      next();
    };
  }
}
