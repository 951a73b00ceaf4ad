import { actionItemReminderText } from './action-item-reminder.handler';

describe('the overdue action item reminder', () => {
  it('names the item, how late it is and where it is tracked', () => {
    const reminder = actionItemReminderText({ title: 'Alert on certificate expiry', dueDate: '2026-12-01', daysOverdue: 3, priority: 'high', jiraKey: 'OPS-12', jiraUrl: 'https://jira.example.test/browse/OPS-12' });
    expect(reminder.subject).toBe('[Overdue action item] Alert on certificate expiry');
    expect(reminder.text).toBe('Your high-priority post-mortem action item "Alert on certificate expiry" (OPS-12: https://jira.example.test/browse/OPS-12) was due 2026-12-01, 3 days ago. Please finish it or agree a new date in the next ops review.');
  });

  it('says one day, not one days', () => {
    expect(actionItemReminderText({ title: 't', dueDate: '2026-12-01', daysOverdue: 1, priority: 'low', jiraKey: null, jiraUrl: null }).text).toContain('1 day ago');
  });
});
