// What a process that starts other processes needs: a port for each, and a wait until each is up. Both the
// launchers (which ship) and the test helpers use it, so it lives here and not in libs/testing.
export * from './lib/free-port';
export * from './lib/wait-for';
