import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PERSON_ROLES } from './person-roles';
import { ESCALATION_ROLES } from './people.schemas';
import { RosterFileError, loadRosterFile } from './roster-file';

const EXAMPLE = join(__dirname, '..', '..', '..', '..', '..', 'docs', 'examples', 'roster.yaml');

function writeTemp(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'roster-')), name);
  writeFileSync(file, text);
  return file;
}

describe('roster file', () => {
  it('parses the example, which has every person role and every escalation contact', () => {
    const roster = loadRosterFile(EXAMPLE);
    expect(roster.people.length).toBeGreaterThanOrEqual(3);
    expect(roster.people[0]).toEqual({
      name: 'Ada Okafor',
      email: 'ada.okafor@example.com',
      phone: '+14155550101',
      slackUserId: 'U01ADAOKAF',
      onCall: true,
      roles: ['on_call_engineer', 'incident_commander', 'engineer'],
    });
    expect(new Set(roster.people.flatMap((p) => p.roles ?? []))).toEqual(new Set(PERSON_ROLES));
    expect(Object.keys(roster.escalationContacts).sort()).toEqual([...ESCALATION_ROLES].sort());
  });

  it('reads JSON too, and lower-cases emails so contacts match people', () => {
    const file = writeTemp('roster.json', JSON.stringify({ people: [{ name: 'Ann', email: 'Ann@Example.com' }], escalationContacts: { cto: 'ANN@example.com' } }));
    expect(loadRosterFile(file)).toEqual({ people: [{ name: 'Ann', email: 'ann@example.com' }], escalationContacts: { cto: 'ann@example.com' } });
  });

  it('names the path of each error', () => {
    const file = writeTemp(
      'bad.yaml',
      [
        'people:',
        '  - name: Ann',
        '    email: ann@example.com',
        '  - name: Bo',
        '    email: bo@example.com',
        '    phone: "555-0102"',
        '    roles: [engineer, wizard]',
        'escalationContacts:',
        '  cto: nobody@example.com',
        '  janitor: ann@example.com',
      ].join('\n'),
    );
    let error: Error | undefined;
    try {
      loadRosterFile(file);
    } catch (e) {
      error = e as Error;
    }
    expect(error).toBeInstanceOf(RosterFileError);
    expect(error!.message).toContain(`roster file ${file}:`);
    expect(error!.message).toContain('people.1.phone: must be E.164, e.g. +14155550123');
    expect(error!.message).toContain('people.1.roles.1:');
    expect(error!.message).toContain('escalationContacts.janitor:');
  });

  it('refuses a contact who is not in the file, a person listed twice, and unknown keys', () => {
    const file = writeTemp(
      'roster.yml',
      'people:\n  - {name: Ann, email: ann@example.com}\n  - {name: Ann again, email: ANN@example.com}\nescalationContacts:\n  cto: nobody@example.com\nteams: []\n',
    );
    expect(() => loadRosterFile(file)).toThrow(/people\.1\.email: ann@example\.com is listed twice \(also people\.0\)/);
    expect(() => loadRosterFile(file)).toThrow(/escalationContacts\.cto: nobody@example\.com is not among the people of this file/);
    expect(() => loadRosterFile(file)).toThrow(/Unrecognized key.*teams/);
  });

  it('says when the file is missing or not YAML', () => {
    expect(() => loadRosterFile('/nonexistent/roster.yaml')).toThrow(/roster file \/nonexistent\/roster\.yaml cannot be read/);
    expect(() => loadRosterFile(writeTemp('broken.yaml', 'people: [\n'))).toThrow(/is not valid YAML/);
    expect(() => loadRosterFile(writeTemp('broken.json', '{"people": '))).toThrow(/is not valid JSON/);
  });
});
