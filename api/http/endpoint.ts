import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { Problem, fieldErrors } from './problem';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface EndpointSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  method: Method;
  /** Express path, e.g. `/tenants/:id`. */
  path: string;
  summary: string;
  /** The groups the route is listed under at /docs; the router's `tags` unless given. */
  tags?: string[];
  params?: P;
  query?: Q;
  body?: B;
  responses: Record<number, { description: string; schema?: z.ZodType; contentType?: string }>;
  /** OpenAPI security requirements: a scheme of `components.securitySchemes` and the scopes it needs. */
  security?: Array<Record<string, string[]>>;
}

export interface Input<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  params: z.output<P>;
  query: z.output<Q>;
  body: z.output<B>;
}

type Handler<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> = (
  input: Input<P, Q, B>,
  req: Request,
  res: Response,
) => unknown;

/**
 * An Express router whose routes are declared with zod schemas. The same schemas
 * validate each request at the edge (field-by-field problems, never a 500) and
 * describe the route in the OpenAPI document served at /docs.
 */
export class ApiRouter {
  readonly router = Router();
  readonly specs: Array<EndpointSpec<z.ZodType, z.ZodType, z.ZodType>> = [];

  /**
   * `security`: what the router's routes need unless a route says otherwise (OpenAPI
   * requirements; none given means the routes are public). `tags`: the groups its routes
   * are listed under, unless a route says otherwise.
   */
  constructor(
    readonly prefix = '',
    readonly options: { security?: Array<Record<string, string[]>>; tags?: string[] } = {},
  ) {}

  endpoint<P extends z.ZodType = z.ZodUnknown, Q extends z.ZodType = z.ZodUnknown, B extends z.ZodType = z.ZodUnknown>(
    spec: EndpointSpec<P, Q, B>,
    handler: Handler<P, Q, B>,
  ): this {
    this.specs.push({ ...spec, tags: spec.tags ?? this.options.tags ?? [] } as unknown as EndpointSpec<z.ZodType, z.ZodType, z.ZodType>);
    this.router[spec.method](spec.path, async (req, res) => {
      await handler(validate(spec, req) as Input<P, Q, B>, req, res);
    });
    return this;
  }
}

/** Parses params, query and body; every invalid field of query and body is reported at once. */
function validate(spec: EndpointSpec<z.ZodType, z.ZodType, z.ZodType>, req: Request): Input<z.ZodType, z.ZodType, z.ZodType> {
  if (spec.params) {
    const params = spec.params.safeParse(req.params);
    // A path parameter that fails its schema names a resource that cannot exist.
    if (!params.success) throw Problem.notFound(Object.values(fieldErrors(params.error, 'params')).join('; '));
  }
  const errors: Record<string, string> = {};
  const parse = (schema: z.ZodType | undefined, value: unknown, prefix?: string): unknown => {
    if (!schema) return value;
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    Object.assign(errors, fieldErrors(result.error, prefix));
    return undefined;
  };
  const input = {
    params: parse(spec.params, req.params),
    query: parse(spec.query, req.query, 'query'),
    // A request without a body (or of another content type) is validated as an empty object.
    body: parse(spec.body, req.body ?? {}),
  };
  if (Object.keys(errors).length > 0) throw Problem.validation(errors);
  return input;
}
