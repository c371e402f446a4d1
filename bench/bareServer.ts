/**
 * The ceiling of the HTTP benchmark: a bare restify server with one route returning a constant,
 * no plugins. Run as its own process like the real server, so both are measured alike.
 */
import restify from 'restify';

const server = restify.createServer({ name: 'bench-ceiling' });
const constant = { ok: true };
server.get('/ceiling', (_req, res, next) => {
  res.send(200, constant);
  next();
});
server.get('/healthz', (_req, res, next) => {
  res.send(200, constant);
  next();
});
server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1');
