import { declareInput as declareIncidentBody, incidentReference } from './declare.command';

describe('declaring an incident', () => {
  it('numbers incidents INC-0001 onwards', () => {
    expect(incidentReference(1)).toBe('INC-0001');
    expect(incidentReference(12345)).toBe('INC-12345');
  });

  it('accepts a title and a severity, trimming the title', () => {
    expect(declareIncidentBody.parse({ title: '  Payments down ', severity: 'P1' })).toEqual({ title: 'Payments down', severity: 'P1', trigger: 'manual' });
  });

  it('asks for the affected customers of detected impact and for who escalated an executive escalation', () => {
    const detected = declareIncidentBody.safeParse({ title: 'x', severity: 'P1', trigger: 'multi_customer_impact' });
    expect(detected.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['affectedCustomers', 'required when the trigger is multi_customer_impact']]);
    const escalation = declareIncidentBody.safeParse({ title: 'x', severity: 'P1', trigger: 'executive_escalation' });
    expect(escalation.error?.issues.map((i) => i.path.join('.'))).toEqual(['escalatedBy']);
    expect(declareIncidentBody.safeParse({ title: 'x', severity: 'P1', trigger: 'multi_customer_impact', affectedCustomers: { count: 140 } }).success).toBe(true);
  });

  it('names the fields that are wrong and why', () => {
    const result = declareIncidentBody.safeParse({ title: '', severity: 'P5', componentIds: ['x'], colour: 'red' });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['title', 'severity', 'componentIds.0', '']));
  });
});
