import { MessageFrame } from '@chat/protocol';

import { message } from '../../testing/logged-in-chat';
import { EVERYONE } from '../chat/conversation';
import { ALERT_BODY_LENGTH, AlertContext, alertFor } from './alerts';

const frame = (over: Record<string, unknown>) => message(over) as unknown as MessageFrame;
const TITLES: Record<string, string> = {
  [EVERYONE]: 'Everyone',
  'r:#dev': '#dev',
  'g:bob,carol': 'bob, carol',
};
const ctx = (over: Partial<AlertContext> = {}): AlertContext => ({
  me: 'alice',
  openKey: EVERYONE,
  hidden: false,
  titleOf: (key) => TITLES[key] ?? key,
  ...over,
});

const privateFromBob = { kind: 'private', to: 'alice', text: 'lunch?' };
const groupFromBob = { kind: 'group', to: ['alice', 'carol'], text: 'plan' };

describe('alertFor', () => {
  it.each<[string, Record<string, unknown>, Partial<AlertContext>, string | null]>([
    ['a private message, another conversation open', privateFromBob, {}, 'private bob: lunch?'],
    ['a private message in the open conversation', privateFromBob, { openKey: 'u:bob' }, null],
    [
      'a private message in the open conversation, page hidden',
      privateFromBob,
      { openKey: 'u:bob', hidden: true },
      'private bob: lunch?',
    ],
    ['a group message', groupFromBob, {}, 'group bob in bob, carol: plan'],
    [
      'a group message that mentions me',
      { ...groupFromBob, text: '@alice plan' },
      {},
      'group bob in bob, carol (mentions you): @alice plan',
    ],
    ['a message to everyone', { text: 'hello all' }, { openKey: 'r:#dev' }, null],
    [
      'a message to everyone that mentions me',
      { text: 'hi @Alice' },
      { openKey: 'r:#dev' },
      'mention bob mentioned you in Everyone: hi @Alice',
    ],
    [
      'a mention in the open room, page hidden',
      { kind: 'room', to: '#dev', text: '@alice?' },
      { openKey: 'r:#dev', hidden: true },
      'mention bob mentioned you in #dev: @alice?',
    ],
    [
      'a mention in the open room, in sight',
      { kind: 'room', to: '#dev', text: '@alice?' },
      { openKey: 'r:#dev' },
      null,
    ],
    ['someone else mentioned', { text: 'hi @alicia' }, { hidden: true }, null],
    [
      'one’s own message (another tab)',
      { ...privateFromBob, from: 'Alice', to: 'bob' },
      { hidden: true },
      null,
    ],
    ['an action', { ...privateFromBob, text: 'waves', me: true }, {}, 'private bob: bob waves'],
    [
      'a file',
      {
        ...privateFromBob,
        text: undefined,
        file: { id: 'f', name: 'plan.pdf', size: 1, mime: 'application/pdf', sha256: 'x' },
      },
      {},
      'private bob: plan.pdf',
    ],
    [
      'a call’s message (the call rang)',
      { ...privateFromBob, text: undefined, call: { media: 'audio', outcome: 'missed', durationMs: 0 } },
      {},
      null,
    ],
    ['a deleted message', { ...privateFromBob, text: undefined, deleted: true }, {}, null],
  ])('%s', (_case, over, where, expected) => {
    const alert = alertFor(frame(over), ctx(where));
    expect(alert && `${alert.reason} ${alert.title}: ${alert.body}`).toBe(expected);
  });

  it('names the conversation to open', () => {
    expect(alertFor(frame(privateFromBob), ctx())?.key).toBe('u:bob');
    expect(alertFor(frame({ kind: 'room', to: '#dev', text: '@alice' }), ctx())?.key).toBe('r:#dev');
  });

  it('clips a long message', () => {
    const body = alertFor(frame({ ...privateFromBob, text: 'x'.repeat(500) }), ctx())?.body ?? '';
    expect(body.length).toBe(ALERT_BODY_LENGTH);
    expect(body.endsWith('…')).toBe(true);
  });
});
