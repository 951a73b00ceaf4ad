import { ChildProcess, SpawnOptions, spawn } from 'node:child_process';

const KEEP_OUTPUT = 256 * 1024;

/** One child process of the topology: started, killed and restarted with the same command; keeps its output's tail. */
export class Child {
  private process: ChildProcess | null = null;
  private exit: Promise<number | null> = Promise.resolve(null);
  output = '';

  constructor(
    readonly name: string,
    private readonly command: string,
    private readonly args: string[],
    private readonly options: SpawnOptions = {},
  ) {}

  start(): this {
    const child = spawn(this.command, this.args, { ...this.options, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      this.output += chunk.toString();
      if (this.output.length > KEEP_OUTPUT) this.output = this.output.slice(-KEEP_OUTPUT / 2);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    this.exit = new Promise((ok) => child.once('exit', (code) => ok(code)));
    this.process = child;
    return this;
  }

  get pid(): number | undefined {
    return this.process?.pid;
  }

  get running(): boolean {
    return this.process !== null && this.process.exitCode === null && this.process.signalCode === null;
  }

  /** Sends the signal and waits for the process to be gone. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (!this.running) return this.process?.exitCode ?? null;
    this.process!.kill(signal);
    return this.exit;
  }

  exited(): Promise<number | null> {
    return this.exit;
  }
}
