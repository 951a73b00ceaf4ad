// The baseline "bare Node cluster" of bench/status-page: node:cluster with N workers, each a plain
// node:http server answering the very bytes the status page serves, from memory, with no routing beyond a
// Map lookup. Listens as the status page does (backlog 4096, workers accepting on the shared socket).
//
//   node bench/status-page/bare-node-cluster.cjs <port> <workers> <site dir>
const cluster = require('node:cluster');
const { readFileSync } = require('node:fs');
const http = require('node:http');
const { join } = require('node:path');

const [port, workers, dir] = [Number(process.argv[2]), Number(process.argv[3]), process.argv[4]];
cluster.schedulingPolicy = cluster.SCHED_NONE;

if (cluster.isPrimary) {
  for (let i = 0; i < workers; i++) cluster.fork();
  process.on('SIGTERM', () => {
    for (const worker of Object.values(cluster.workers)) worker.kill('SIGTERM');
    process.exit(0);
  });
} else {
  const documents = new Map(
    [
      ['/', 'index.html', 'text/html; charset=utf-8'],
      ['/api/v2/summary.json', 'api/v2/summary.json', 'application/json; charset=utf-8'],
    ].map(([path, file, type]) => {
      const body = readFileSync(join(dir, file));
      return [path, { body, headers: { 'Content-Type': type, 'Content-Length': String(body.length), 'Cache-Control': 'public, max-age=5' } }];
    }),
  );
  http
    .createServer((req, res) => {
      const doc = documents.get(req.url);
      if (!doc) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, doc.headers);
      res.end(doc.body);
    })
    .listen({ port, host: '127.0.0.1', backlog: 4096 }, () => process.send?.('listening'));
}
