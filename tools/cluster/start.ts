import { randomBytes } from 'node:crypto';
import { Topology } from './topology';

/**
 * `npm run cluster`: the deployed topology (docker/compose.yaml) as processes on this machine, for a
 * person to try: PostgreSQL, a three-node JetStream cluster, two processes of each app behind their
 * public URLs, and the vendor fakes. Everything lives in temporary directories and goes on Ctrl-C.
 */
async function main(): Promise<void> {
  const progress = (line: string) => process.stderr.write(`cluster: ${line}\n`);
  const adminToken = process.env.SITREP_ADMIN_TOKEN ?? `srp_${randomBytes(24).toString('base64url')}`;
  const replicas = Number(process.env.CLUSTER_REPLICAS ?? 2);
  // SITREP_ROSTER_FILE (e.g. docs/examples/roster.yaml): people on call, also made members of the Slack fake.
  const topology = await Topology.create({ adminToken, replicas, progress, rosterFile: process.env.SITREP_ROSTER_FILE });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    progress('stopping every process and removing the temporary directories …');
    await topology.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  try {
    await topology.start();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    await stop();
    return;
  }
  const { urls, nats, postgres } = topology;
  console.log(
    [
      '',
      'Sitrep is running as a cluster.',
      `  incident-core  ${urls.core}   (${topology.replicas.filter((r) => r.app === 'incident-core').map((r) => r.url).join(', ')})`,
      `  comms          ${urls.comms}   (${topology.replicas.filter((r) => r.app === 'comms').map((r) => r.url).join(', ')})`,
      `  status page    ${urls.statusPage}   (${topology.replicas.filter((r) => r.app === 'status-page').map((r) => r.url).join(', ')})`,
      `  dev inbox      ${urls.comms}/dev/inbox`,
      `  NATS           ${nats.servers}   (monitoring ${nats.nodes.map((n) => `http://127.0.0.1:${n.monitorPort}`).join(', ')})`,
      `  PostgreSQL     ${postgres.url('sitrep')}`,
      `  admin token    ${adminToken}`,
      '',
      'Press Ctrl-C to stop everything.',
    ].join('\n'),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
