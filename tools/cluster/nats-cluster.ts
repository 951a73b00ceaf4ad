import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'nats';
import { Child } from './child';
import { freePort, waitFor } from '@sitrep/launching';

const NATS_SERVER = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';

/** The key NatsCluster.leaders() gives the JetStream meta group's leader. */
export const META = '(meta)';

export interface NatsNode {
  name: string;
  clientPort: number;
  routePort: number;
  monitorPort: number;
  child: Child;
}

/**
 * Three nats-server processes forming one JetStream cluster, as docker/compose.yaml runs them: one
 * cluster name, every node routing to all three, each with its own store.
 */
export class NatsCluster {
  readonly dir = mkdtempSync(join(tmpdir(), 'sitrep-nats-'));
  readonly nodes: NatsNode[] = [];

  static async create(size = 3, clusterName = 'sitrep'): Promise<NatsCluster> {
    const cluster = new NatsCluster();
    const ports = [];
    for (let i = 1; i <= size; i++) ports.push({ name: `nats-${i}`, clientPort: await freePort(), routePort: await freePort(), monitorPort: await freePort() });
    const routes = ports.map((p) => `nats://127.0.0.1:${p.routePort}`).join(',');
    for (const p of ports) {
      const store = join(cluster.dir, p.name);
      mkdirSync(store);
      const args = ['-a', '127.0.0.1', '-p', String(p.clientPort), '-n', p.name, '-js', '-sd', store, '--cluster_name', clusterName,
        '--cluster', `nats://127.0.0.1:${p.routePort}`, '--routes', routes, '-m', String(p.monitorPort)];
      cluster.nodes.push({ ...p, child: new Child(p.name, NATS_SERVER, args) });
    }
    return cluster;
  }

  /** What NATS_URL takes: every node, so a client reconnects to whichever is up. */
  get servers(): string {
    return this.nodes.map((n) => `nats://127.0.0.1:${n.clientPort}`).join(',');
  }

  node(name: string): NatsNode {
    const found = this.nodes.find((n) => n.name === name);
    if (!found) throw new Error(`no NATS node ${name}`);
    return found;
  }

  async start(): Promise<void> {
    for (const n of this.nodes) n.child.start();
    await this.ready();
  }

  /** Every node up and JetStream's meta group has a leader: streams can be created. */
  async ready(timeoutMs = 60_000): Promise<void> {
    await waitFor(async () => {
      for (const n of this.nodes.filter((x) => x.child.running)) {
        const health = await fetch(`http://127.0.0.1:${n.monitorPort}/healthz`).catch(() => null);
        if (health?.status !== 200) return false;
        const jsz = (await (await fetch(`http://127.0.0.1:${n.monitorPort}/jsz`)).json()) as { meta_cluster?: { leader?: string } };
        if (!jsz.meta_cluster?.leader) return false;
      }
      return true;
    }, { what: 'the JetStream cluster to elect its meta leader', timeoutMs, intervalMs: 250 });
  }

  /** The node that leads a stream's replica group, as the JetStream API reports it (stream info's cluster.leader). */
  async streamLeader(stream: string): Promise<NatsNode> {
    const nc = await connect({ servers: this.nodes.filter((n) => n.child.running).map((n) => `nats://127.0.0.1:${n.clientPort}`), timeout: 5_000 });
    try {
      const jsm = await nc.jetstreamManager();
      const info = await jsm.streams.info(stream);
      const leader = info.cluster?.leader;
      if (!leader) throw new Error(`stream ${stream} has no leader`);
      return this.node(leader);
    } finally {
      await nc.close();
    }
  }

  /**
   * Who leads what, as the JetStream API reports it: every stream's replica group (stream info's
   * cluster.leader, '' while one is being elected) and, under META, the meta group that places them.
   */
  async leaders(): Promise<Record<string, string>> {
    const nc = await connect({ servers: this.nodes.filter((n) => n.child.running).map((n) => `nats://127.0.0.1:${n.clientPort}`), timeout: 5_000 });
    try {
      const jsm = await nc.jetstreamManager();
      const leaders: Record<string, string> = {};
      for (const info of await jsm.streams.list().next()) leaders[info.config.name] = info.cluster?.leader ?? '';
      const running = this.nodes.find((n) => n.child.running);
      const jsz = running ? ((await (await fetch(`http://127.0.0.1:${running.monitorPort}/jsz`)).json()) as { meta_cluster?: { leader?: string } }) : {};
      leaders[META] = jsz.meta_cluster?.leader ?? '';
      return leaders;
    } finally {
      await nc.close();
    }
  }

  /** Every stream's replicas are current with their leader: the group can lose another node and keep a quorum. */
  async streamsCurrent(timeoutMs = 60_000): Promise<void> {
    await waitFor(async () => {
      const nc = await connect({ servers: this.nodes.filter((n) => n.child.running).map((n) => `nats://127.0.0.1:${n.clientPort}`), timeout: 5_000 });
      try {
        const streams = await (await nc.jetstreamManager()).streams.list().next();
        return streams.every((info) => info.cluster?.leader && (info.cluster.replicas ?? []).every((r) => r.current && !r.offline));
      } catch {
        return false;
      } finally {
        await nc.close();
      }
    }, { what: 'every stream replica to be current', timeoutMs, intervalMs: 250 });
  }

  /** kill -9 of one node. */
  async kill(name: string): Promise<void> {
    await this.node(name).child.stop('SIGKILL');
  }

  async restart(name: string): Promise<void> {
    const n = this.node(name);
    n.child.start();
    await waitFor(async () => (await fetch(`http://127.0.0.1:${n.monitorPort}/healthz`).catch(() => null))?.status === 200, { what: `${name} to come back`, timeoutMs: 60_000, intervalMs: 250 });
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.child.stop('SIGTERM')));
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
