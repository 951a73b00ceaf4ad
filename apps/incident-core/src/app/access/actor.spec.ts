import { tokenActorName } from './actor';

describe('how a token reads as an actor', () => {
  it('names its role and its own label, never an environment variable', () => {
    expect(tokenActorName('admin', 'ci-bot')).toBe("admin token 'ci-bot'");
    expect(tokenActorName('admin', 'admin')).toBe('admin token');
    expect(tokenActorName('admin', 'admin (SITREP_ADMIN_TOKEN)')).toBe('admin token');
    expect(tokenActorName('responder', null)).toBe('responder token');
  });

  it('reads a labelled automation token as the service it stands for', () => {
    expect(tokenActorName('automation', 'alertmanager integration "Mail monitoring"')).toBe('alertmanager integration "Mail monitoring"');
    expect(tokenActorName('automation', null)).toBe('automation token');
  });
});
