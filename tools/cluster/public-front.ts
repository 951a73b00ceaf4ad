import { IncomingMessage, Server, ServerResponse, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An app's public URL: what nginx is in docker/compose.yaml, a round-robin HTTP proxy over the app's
 * replicas. A replica that refuses the connection (killed, restarting) is skipped for the next one; the
 * request never reached it, so even a POST is safe to send on.
 */
export class PublicFront {
  private server: Server | null = null;
  private next = 0;
  upstreams: string[] = [];

  constructor(readonly name: string) {}

  async start(port: number): Promise<this> {
    const server = createServer((req, res) => void this.forward(req, res));
    server.keepAliveTimeout = 5_000;
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(port, '127.0.0.1', () => ok());
    });
    this.server = server;
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  private async forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const tried = new Set<string>();
    while (tried.size < this.upstreams.length) {
      const upstream = this.upstreams[this.next++ % this.upstreams.length];
      if (tried.has(upstream)) continue;
      tried.add(upstream);
      const answered = await new Promise<boolean>((ok) => {
        const target = new URL(req.url ?? '/', upstream);
        const headers = { ...req.headers, 'x-forwarded-for': req.socket.remoteAddress ?? '127.0.0.1', host: req.headers.host ?? target.host };
        const out = request(target, { method: req.method, headers }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          answer.once('end', () => ok(true));
          answer.once('error', () => ok(true));
        });
        out.once('error', (error: NodeJS.ErrnoException) => {
          if (error.code === 'ECONNREFUSED' && !res.headersSent) ok(false);
          else {
            if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
            res.end(`${this.name}: ${error.message}\n`);
            ok(true);
          }
        });
        out.end(body);
      });
      if (answered) return;
    }
    res.writeHead(502, { 'content-type': 'text/plain' });
    res.end(`${this.name}: no replica answers\n`);
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((ok) => server.close(() => ok()));
  }
}
