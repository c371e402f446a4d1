import type { Response } from 'restify';

/** The JSON body of every 4xx this server sends: what went wrong and, for input, which field. */
export interface ErrorBody {
  error: string;
  message: string;
  field?: string;
}

export function sendError(res: Response, status: number, error: string, message: string, field?: string): void {
  const body: ErrorBody = field ? { error, message, field } : { error, message };
  res.send(status, body);
}

/** 400 naming the parameter or field that is wrong. */
export function badRequest(res: Response, field: string, message: string): void {
  sendError(res, 400, 'bad_request', message, field);
}

export function notFound(res: Response, message: string): void {
  sendError(res, 404, 'not_found', message);
}
