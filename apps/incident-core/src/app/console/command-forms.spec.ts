import { commandInputFromForm, isCommandName } from './command-forms';

describe('command forms to command inputs', () => {
  it('turns numbers, yes/no and lists into what the command expects', () => {
    expect(commandInputFromForm('record_assessment', { impactScope: ' Card payments ', customersAffected: '120', severityConfirmed: 'P1', enterpriseCustomersAffected: 'Acme\nGlobex, Initech', componentIds: ['c1', 'c2'] })).toEqual({
      impactScope: 'Card payments',
      customersAffected: 120,
      severityConfirmed: 'P1',
      enterpriseCustomersAffected: ['Acme', 'Globex', 'Initech'],
      componentIds: ['c1', 'c2'],
    });
    expect(commandInputFromForm('record_verification', { passed: 'true', details: '' })).toEqual({ passed: true });
    expect(commandInputFromForm('authorise_compensation', { amount: '250', currency: 'USD', customers: 'Acme', reason: 'SLA' })).toEqual({ amount: 250, currency: 'USD', customers: ['Acme'], reason: 'SLA' });
  });

  it('passes what is not a number on as text, so the schema names the field', () => {
    expect(commandInputFromForm('report_ticket_volume', { count: 'lots', windowMinutes: '60' })).toEqual({ count: 'lots', windowMinutes: 60 });
  });

  it('leaves empty optional fields out and ignores fields the command does not take', () => {
    expect(commandInputFromForm('change_status', { status: 'identified', reason: '', csrf: 'x' })).toEqual({ status: 'identified' });
    expect(commandInputFromForm('resolve', { csrf: 'x' })).toEqual({});
  });

  it('builds the declare input with the trigger detail', () => {
    expect(commandInputFromForm('declare', { title: 'Down', severity: 'P1', trigger: 'multi_customer_impact', affectedCount: '40', commanderId: '', componentIds: 'c1' })).toEqual({
      title: 'Down',
      severity: 'P1',
      trigger: 'multi_customer_impact',
      affectedCustomers: { count: 40 },
      componentIds: ['c1'],
    });
  });

  it('knows the command names', () => {
    expect(isCommandName('resolve')).toBe(true);
    expect(isCommandName('drop_tables')).toBe(false);
  });
});
