import type { Request, Response } from 'restify';
import { KnowledgeEditError } from '../../../knowledge/editing';
import { BusyError } from '../../../bot/channels/directline/channel';
import { TokenError } from '../../../bot/channels/directline/tokens';
import { TicketNotFoundError, TicketStateError } from '../../../bot/handoff/ticketErrors';
import { errorAnswer } from '../../../bot/http/errorTable';
import { startApp, type RunningApp } from '../../support/app';

describe('errorAnswer', () => {
  it('answers each domain error with the status and body the routes sent by hand before', () => {
    expect(errorAnswer(new TicketNotFoundError('t-1'))).toEqual({ status: 404, body: { error: 'not_found', message: 'handoff: no ticket "t-1"' } });
    expect(errorAnswer(new TicketStateError('t-1', 'resolved', 'claim'))).toEqual({
      status: 409,
      body: { error: 'conflict', message: 'tickets: cannot claim ticket t-1: it is resolved' },
    });
    expect(errorAnswer(new KnowledgeEditError('invalid', 'bad', 'en.question'))?.body).toEqual({ error: 'bad_request', message: 'knowledge: bad', field: 'en.question' });
    expect(errorAnswer(new KnowledgeEditError('invalid', 'bad'))?.body.field).toBe('(body)');
    expect(errorAnswer(new KnowledgeEditError('exists', 'taken', 'id'))).toEqual({ status: 409, body: { error: 'exists', message: 'knowledge: taken', field: 'id' } });
    expect(errorAnswer(new KnowledgeEditError('conflict', 'stale'))).toEqual({ status: 409, body: { error: 'conflict', message: 'knowledge: stale' } });
    expect(errorAnswer(new KnowledgeEditError('not_found', 'gone'))?.status).toBe(404);
    expect(errorAnswer(new TokenError('expired', 'old'))).toEqual({
      status: 401,
      headers: { 'WWW-Authenticate': 'Bearer' },
      body: { error: 'token_expired', message: 'directline: old' },
    });
    expect(errorAnswer(new BusyError())).toMatchObject({ status: 429, headers: { 'Retry-After': '2' }, body: { error: 'too_many_requests' } });
  });

  it('knows nothing of other errors (they stay 500s)', () => {
    expect(errorAnswer(new Error('boom'))).toBeUndefined();
    expect(errorAnswer('not an error')).toBeUndefined();
  });
});

describe('a domain error thrown by a route', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp();
    running.app.server.get('/test/throws/:kind', async (req: Request, _res: Response) => {
      throw new TicketStateError(String(req.params.kind), 'withdrawn', 'reply to');
    });
  });
  afterAll(() => running.stop());

  it('is answered by the table, as if the route had caught it', async () => {
    const known = await fetch(`${running.url}/test/throws/t-9`);
    expect(known.status).toBe(409);
    expect(await known.json()).toEqual({ error: 'conflict', message: 'tickets: cannot reply to ticket t-9: it is withdrawn' });
  });
});
