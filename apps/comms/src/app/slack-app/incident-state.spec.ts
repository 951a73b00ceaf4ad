import { stateBlocks } from './incident-state';

describe('stateBlocks', () => {
  it('shows status, every role, the running clocks with time left or overdue, and the next step, escaped', () => {
    const now = Date.parse('2026-11-26T10:05:00Z');
    const view = stateBlocks(
      {
        reference: 'INC-0001',
        title: 'T <!channel>',
        severity: 'P1',
        status: 'investigating',
        roles: [
          { role: 'commander', label: 'incident commander', person: { id: 'a', name: 'Alice', slackUserId: 'U1' } },
          { role: 'comms_lead', label: 'communications lead', person: null },
        ],
        clocks: [
          { kind: 'assessment', label: 'initial assessment', ownerRole: 'commander', ownerName: 'Alice', dueAt: '2026-11-26T10:15:00Z', state: 'pending', metAt: null },
          { kind: 'first_customer_notice', label: 'first customer notice', ownerRole: 'commander', ownerName: 'Alice', dueAt: '2026-11-26T10:04:00Z', state: 'pending', metAt: null },
          { kind: 'executive_update', label: 'executive update', ownerRole: 'commander', ownerName: 'Alice', dueAt: '2026-11-26T10:00:00Z', state: 'met', metAt: null },
        ],
        nextStep: 'record the initial assessment',
      },
      now,
    );
    const text = view.blocks.map((b) => (b as { text: { text: string } }).text.text).join('\n');
    expect(view.text).toBe('*INC-0001: T <!channel>* · P1 · investigating');
    expect(text).toContain('*INC-0001: T &lt;!channel&gt;* · P1 · investigating');
    expect(text).toContain('• incident commander: Alice');
    expect(text).toContain('• communications lead: unassigned');
    expect(text).toContain('• initial assessment: 10 min left');
    expect(text).toContain('• first customer notice: 60s overdue');
    expect(text).not.toContain('executive update');
    expect(text).toContain('*Next:* record the initial assessment');
  });
});
