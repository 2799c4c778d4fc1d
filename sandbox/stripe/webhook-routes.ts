import type { Router } from 'express';
import type { RouteFn } from './api';
import { listPage } from './api';
import { SANDBOX_STRIPE_WEBHOOK_SECRET } from './account';
import type { StripeContext } from './context';
import { invalidRequest } from './errors';
import { EVENT_TYPES, endpointWants } from './events';
import { mergeMetadata, type ParamReader } from './form';
import { newWebhookEndpoint, servedEndpoint, type StripeEvent, type WebhookEndpoint } from './objects';

/** Stripe refuses event types it does not know; the sandbox knows the ones it emits. */
function enabledEvents(reader: ParamReader, required: boolean): string[] | undefined {
  const events = reader.strings('enabled_events');
  if (events === undefined || events.length === 0) {
    if (required) throw invalidRequest('Missing required param: enabled_events.', 'enabled_events', 'parameter_missing');
    return undefined;
  }
  const unknown = events.find((e) => e !== '*' && !(EVENT_TYPES as readonly string[]).includes(e));
  if (unknown) throw invalidRequest(`Invalid enabled_events: ${unknown} is not an event type the sandbox emits (${EVENT_TYPES.join(', ')}, or *).`, 'enabled_events');
  return events;
}

function endpointUrl(reader: ParamReader, required: boolean): string | undefined {
  const url = required ? reader.requiredString('url') : reader.string('url');
  if (url !== undefined && !/^https?:\/\/\S+$/.test(url)) throw invalidRequest('Invalid URL: URL must be publicly accessible over http or https.', 'url', 'url_invalid');
  return url;
}

const eventMatches = (pattern: string, type: string) => (pattern.endsWith('.*') ? type.startsWith(pattern.slice(0, -1)) : pattern === type);

export function webhookRoutes(route: RouteFn, ctx: StripeContext, router: Router): void {
  const { data, delivery } = ctx;

  route('get', '/v1/events', 'GetEvents', ({ read }) => {
    const p = read(['type', 'types', 'limit', 'starting_after', 'ending_before']);
    const type = p.string('type');
    const types = p.strings('types');
    const events = data.list<StripeEvent>('event', (e) => (!type || eventMatches(type, e.type)) && (!types || types.some((t) => eventMatches(t, e.type))));
    return listPage('/v1/events', events, p);
  });

  route('get', '/v1/events/:id', 'GetEventsId', ({ read, path }) => {
    read([]);
    return data.require<StripeEvent>(path.id!, 'event');
  });

  route('post', '/v1/webhook_endpoints', 'PostWebhookEndpoints', ({ read }) => {
    const p = read(['url', 'enabled_events', 'description', 'metadata', 'api_version']);
    const metadata = p.metadata();
    return data.put(
      newWebhookEndpoint({
        url: endpointUrl(p, true)!,
        enabled_events: enabledEvents(p, true)!,
        description: p.string('description') ?? null,
        metadata: metadata === '' || metadata === undefined ? {} : metadata,
        api_version: p.string('api_version') ?? null,
        secret: SANDBOX_STRIPE_WEBHOOK_SECRET,
      }),
    );
  });

  route('get', '/v1/webhook_endpoints', 'GetWebhookEndpoints', ({ read }) => {
    const p = read(['limit', 'starting_after', 'ending_before']);
    const page = listPage('/v1/webhook_endpoints', data.list<WebhookEndpoint>('webhook_endpoint'), p);
    return { ...page, data: page.data.map(servedEndpoint) };
  });

  route('get', '/v1/webhook_endpoints/:webhook_endpoint', 'GetWebhookEndpointsWebhookEndpoint', ({ read, path }) => {
    read([]);
    return servedEndpoint(data.require<WebhookEndpoint>(path.webhook_endpoint!, 'webhook_endpoint', 'webhook_endpoint'));
  });

  route('post', '/v1/webhook_endpoints/:webhook_endpoint', 'PostWebhookEndpointsWebhookEndpoint', ({ read, path }) => {
    const endpoint = data.require<WebhookEndpoint>(path.webhook_endpoint!, 'webhook_endpoint', 'webhook_endpoint');
    const p = read(['url', 'enabled_events', 'description', 'metadata', 'disabled']);
    const url = endpointUrl(p, false);
    const events = enabledEvents(p, false);
    const disabled = p.bool('disabled');
    if (url) endpoint.url = url;
    if (events) endpoint.enabled_events = events;
    if (p.has('description')) endpoint.description = p.string('description') || null;
    if (disabled !== undefined) endpoint.status = disabled ? 'disabled' : 'enabled';
    endpoint.metadata = mergeMetadata(endpoint.metadata, p.metadata());
    return servedEndpoint(endpoint);
  });

  route('delete', '/v1/webhook_endpoints/:webhook_endpoint', 'DeleteWebhookEndpointsWebhookEndpoint', ({ read, path }) => {
    read([]);
    const endpoint = data.require<WebhookEndpoint>(path.webhook_endpoint!, 'webhook_endpoint', 'webhook_endpoint');
    data.remove(endpoint.id);
    return { id: endpoint.id, object: 'webhook_endpoint', deleted: true };
  });

  router.get('/sandbox/stripe/deliveries', (req, res) => {
    const event = typeof req.query.event === 'string' ? req.query.event : undefined;
    const attempts = data.state.deliveryAttempts.filter((a) => !event || a.event === event);
    const pending = data.state.pendingDeliveries.filter((p) => !event || p.event === event);
    res.json({ deliveries: attempts, pending });
  });

  /** The dashboard's "Resend": the event again to every enabled endpoint that wants it (or to `?endpoint=we_…`). */
  router.post('/sandbox/stripe/events/:id/resend', (req, res) => {
    const event = data.get<StripeEvent>(req.params.id, 'event');
    if (!event) {
      res.status(404).json({ error: `No such event: ${req.params.id}` });
      return;
    }
    const only = typeof req.query.endpoint === 'string' ? req.query.endpoint : undefined;
    const endpoints = data.list<WebhookEndpoint>('webhook_endpoint', (e) => (only ? e.id === only : endpointWants(e, event.type)));
    event.pending_webhooks += endpoints.length;
    delivery.enqueue(event, endpoints);
    res.status(202).json({ event: event.id, endpoints: endpoints.map((e) => e.id) });
  });
}
