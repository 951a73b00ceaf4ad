export * from './topology';
export { META } from './nats-cluster';
