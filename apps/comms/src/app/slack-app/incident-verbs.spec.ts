import { parseIncidentVerb } from './incident-verbs';

describe('parseIncidentVerb', () => {
  it('shows the state for a bare /incident, help, declare and the waiting alerts by name', () => {
    expect(parseIncidentVerb('  ')).toEqual({ kind: 'state' });
    expect(parseIncidentVerb('help')).toEqual({ kind: 'help' });
    expect(parseIncidentVerb('declare')).toEqual({ kind: 'declare' });
    expect(parseIncidentVerb('alerts')).toEqual({ kind: 'alerts' });
    expect(parseIncidentVerb('assess')).toEqual({ kind: 'modal', modal: 'assess' });
    expect(parseIncidentVerb('compensate')).toEqual({ kind: 'modal', modal: 'compensate' });
  });

  it('turns every verb into its command and input', () => {
    const command = (text: string) => {
      const parsed = parseIncidentVerb(text);
      return parsed.kind === 'command' ? [parsed.command, parsed.input, parsed.person] : parsed;
    };
    expect(command('status identified cert expired')).toEqual(['change_status', { status: 'identified', reason: 'cert expired' }, undefined]);
    expect(command('role <@U123ABC|dana> comms')).toEqual(['assign_role', { role: 'comms_lead' }, { slackUserId: 'U123ABC', field: 'personId' }]);
    expect(command('implementer <@U9>')).toEqual(['add_implementer', {}, { slackUserId: 'U9', field: 'personId' }]);
    expect(command('fix payments@4f2a9c1')).toEqual(['fix_deployed', { deployRef: 'payments@4f2a9c1' }, undefined]);
    expect(command('verify pass synthetic checkout passes')).toEqual(['record_verification', { passed: true, details: 'synthetic checkout passes' }, undefined]);
    expect(command('verify fail')).toEqual(['record_verification', { passed: false }, undefined]);
    expect(command('healthy datadog')).toEqual(['record_signal', { healthy: true, source: 'datadog' }, undefined]);
    expect(command('unhealthy')).toEqual(['record_signal', { healthy: false }, undefined]);
    expect(command('resolve')).toEqual(['resolve', {}, undefined]);
    expect(command('reopen it came back')).toEqual(['reopen', { reason: 'it came back' }, undefined]);
    expect(command('close')).toEqual(['close', {}, undefined]);
    expect(command('severity p2 only EU')).toEqual(['change_severity', { severity: 'P2', reason: 'only EU' }, undefined]);
    expect(command('note <!channel> & co')).toEqual(['add_note', { text: '<!channel> & co' }, undefined]);
    expect(command('tickets 40 in 15')).toEqual(['report_ticket_volume', { count: 40, windowMinutes: 15 }, undefined]);
    expect(command('tickets 30 in 15 minutes')).toEqual(['report_ticket_volume', { count: 30, windowMinutes: 15 }, undefined]);
    expect(command('media trending on social media')).toEqual(['flag_media_attention', { details: 'trending on social media' }, undefined]);
    expect(command('exec-update EU card payments failing')).toEqual(['send_executive_update', { summary: 'EU card payments failing' }, undefined]);
    expect(command('postmortem root_cause The cert expired.')).toEqual(['edit_postmortem_section', { section: 'root_cause', text: 'The cert expired.' }, undefined]);
    expect(command('action <@U7> 2026-12-15 high Renew certs')).toEqual(['add_action_item', { title: 'Renew certs', dueDate: '2026-12-15', priority: 'high' }, { slackUserId: 'U7', field: 'ownerPersonId' }]);
    expect(command('review')).toEqual(['review_postmortem', {}, undefined]);
    expect(command('publish')).toEqual(['publish_postmortem', {}, undefined]);
  });

  it('says what is missing instead of guessing', () => {
    expect(parseIncidentVerb('role dana comms')).toMatchObject({ kind: 'error', message: expect.stringContaining('needs a person and a role') });
    expect(parseIncidentVerb('status on_fire')).toMatchObject({ kind: 'error', message: expect.stringContaining('investigating, identified, monitoring') });
    expect(parseIncidentVerb('tickets many')).toMatchObject({ kind: 'error' });
    expect(parseIncidentVerb('severity P2')).toMatchObject({ kind: 'error' });
    expect(parseIncidentVerb('dance')).toEqual({ kind: 'error', message: 'I do not know `/incident dance`. Try `/incident help`.' });
  });
});
