// The commands of the REPL, one table for /help, usage errors, tab completion and the README.

/** Usage of every command, in the order /help shows them. */
export const COMMAND_USAGE: readonly [string, string][] = [
  ['<text>', 'send to everyone'],
  ['/who', 'who is online'],
  ['/msg <user> <text>', 'private message'],
  ['/group <a,b,c> <text>', 'message to a chosen group of users'],
  ['/send <path> [to]', 'upload a file and send it (to: *, a user or a,b,c; default *)'],
  ['/voice <path> [to]', 'send an audio file as a voice message (to: as for /send)'],
  ['/image <path> [to]', 'send a picture (to: as for /send)'],
  ['/get <fileId> [path]', 'download a file (default: its name in the current folder)'],
  ['/play <fileId>', 'play a voice message (Ctrl-C or the next command stops it)'],
  ['/history [with]', 'recent messages with everyone (*), a user, or a,b,c'],
  ['/kick <user> [reason]', 'admins: disconnect a user'],
  ['/ban <user> [minutes] [reason]', 'admins: ban (without minutes: until unbanned)'],
  ['/unban <user>', 'admins: lift a ban'],
  ['/mute <user> [minutes] [reason]', 'admins: mute (without minutes: until unmuted)'],
  ['/unmute <user>', 'admins: lift a mute'],
  ['/help', 'this list'],
  ['/quit', 'log out and leave'],
  ['//text', 'send a text that starts with "/"'],
];

export const COMMAND_NAMES: readonly string[] = [
  '/who',
  '/msg',
  '/group',
  '/send',
  '/voice',
  '/image',
  '/get',
  '/play',
  '/history',
  '/kick',
  '/ban',
  '/unban',
  '/mute',
  '/unmute',
  '/help',
  '/quit',
];
