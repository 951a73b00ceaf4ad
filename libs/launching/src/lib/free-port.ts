import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';

/**
 * The kernel hands out ports for `listen(0)` (and outgoing connections) from its ephemeral range. A port
 * taken from there and released again for a child process to listen on can be handed straight back to
 * any other `listen(0)` on the machine in between: the embedded launcher's own PostgreSQL and vendor fakes
 * took a port a test had picked for comms. Ports below that range are never handed out by the kernel, so
 * a pick (a test's, or a launcher's for its children) can only clash with another pick, which the bind check
 * and the random draw make rare.
 */
const LOWEST = 10_000;

function ephemeralStart(): number {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (Number.isInteger(low) && low > LOWEST + 1_000) return low;
  } catch {
    // Not Linux: fall back to the IANA dynamic range's start.
  }
  return 49_152;
}

const handedOut = new Set<number>();

function canListen(port: number, host: string): Promise<boolean> {
  return new Promise((ok) => {
    const server = createServer();
    server.once('error', () => ok(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => ok(true)));
  });
}

/** A port nobody listens on, outside the kernel's ephemeral range, never the same twice in this process. */
export async function freePort(): Promise<number> {
  const highest = ephemeralStart() - 1;
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = LOWEST + Math.floor(Math.random() * (highest - LOWEST + 1));
    if (handedOut.has(port)) continue;
    if ((await canListen(port, '127.0.0.1')) && (await canListen(port, '0.0.0.0'))) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free port between ${LOWEST} and ${highest}`);
}
