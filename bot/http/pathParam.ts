import type { Request } from 'restify';

/**
 * A route's path parameter (`:id` of `/api/faq/:id`) as a string, '' when absent. restify types
 * `req.params` as `any`; reading it here keeps that `any` out of the routes.
 */
export function pathParam(req: Request, name: string): string {
  const params = req.params as Readonly<Record<string, unknown>> | undefined;
  const value = params?.[name];
  // Always a string: the parsers run with mapParams off, so only the path fills `params`.
  return typeof value === 'string' ? value : '';
}
