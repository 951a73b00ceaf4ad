import { describeBlocks } from './slack-fake';

describe('the dev inbox reading Slack blocks', () => {
  it('shows buttons in actions blocks and as a section accessory', () => {
    const text = describeBlocks([
      { type: 'section', text: { type: 'mrkdwn', text: '*CheckoutLatencyHigh* · Checkout' }, accessory: { type: 'button', action_id: 'alerts_declare', text: { type: 'plain_text', text: 'Declare' } } },
      { type: 'actions', elements: [{ type: 'button', action_id: 'recurrence_reopen', text: { text: 'Reopen the incident' } }] },
    ]);
    expect(text).toBe('*CheckoutLatencyHigh* · Checkout  [Declare]\n[Reopen the incident]');
  });
});
