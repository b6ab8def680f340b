import { createInterface } from 'node:readline';

import password from '@inquirer/password';

import { assertPassword, assertUsername, ChatError, OkReplies } from '@chat/protocol';

import { formatError } from '../chat/message.format';
import { ChatSession } from './chat.session';

/** The questions the log-in dialogue asks: a terminal in the CLI, scripted answers in tests. */
export interface LoginIo {
  ask(question: string): Promise<string>;
  /** Asks without echoing what is typed. */
  askPassword(message: string): Promise<string>;
  print(text: string): void;
}

/** The user left the dialogue (Ctrl+C, Ctrl+D). */
export class LoginCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'LoginCancelled';
  }
}

/** "l", "login", "" (the default) → login; "r", "register" → register; anything else: undefined. */
export function parseLoginChoice(answer: string): 'login' | 'register' | undefined {
  const a = answer.trim().toLowerCase();
  if (a === '' || a === 'l' || a === 'login' || a === 'log in') return 'login';
  if (a === 'r' || a === 'register') return 'register';
  return undefined;
}

export interface LoginPreset {
  user?: string;
  register?: boolean;
}

/**
 * Asks "log in or register", the user name and the password (twice to register) until the server
 * accepts them, printing its reason each time it does not (name taken, wrong password, banned until ...).
 * A weak or mistyped new password asks for the password again, not for the choice and name.
 * With a preset user the first round asks only for the password.
 */
export async function promptLogin(
  session: ChatSession,
  io: LoginIo,
  preset: LoginPreset = {},
): Promise<OkReplies['login']> {
  let first = preset.user !== undefined;
  for (;;) {
    const choice = first ? (preset.register ? 'register' : 'login') : await askChoice(io);
    const user = first ? preset.user! : (await io.ask('User name: ')).trim();
    first = false;
    try {
      assertUsername(user);
    } catch (err) {
      io.print(formatError(err));
      continue;
    }
    const secret =
      choice === 'register' ? await askNewPassword(io, user) : await io.askPassword(`Password for ${user}`);
    try {
      await session.connect();
      if (choice === 'register') {
        await session.register(user, secret);
        io.print(`Registered ${user}.`);
      }
      return await session.login({ user, password: secret });
    } catch (err) {
      io.print(err instanceof ChatError ? formatError(err) : `${formatError(err)}; try again`);
    }
  }
}

/** A password for a new account, asked again (not the choice and name) until it is strong enough and typed twice alike. */
async function askNewPassword(io: LoginIo, user: string): Promise<string> {
  for (;;) {
    const secret = await io.askPassword(`Password for ${user}`);
    try {
      assertPassword(secret);
    } catch (err) {
      io.print(formatError(err));
      continue;
    }
    if ((await io.askPassword('Repeat the password')) === secret) return secret;
    io.print('The passwords differ; type the password again.');
  }
}

async function askChoice(io: LoginIo): Promise<'login' | 'register'> {
  for (;;) {
    const choice = parseLoginChoice(await io.ask('Log in or register? [L/r] '));
    if (choice) return choice;
    io.print('Type l to log in or r to register.');
  }
}

/** The dialogue on the process's terminal: readline for questions, @inquirer/password for passwords. */
export function terminalLoginIo(
  input: NodeJS.ReadStream = process.stdin,
  output: NodeJS.WriteStream = process.stdout,
): LoginIo {
  return {
    ask: (question) =>
      new Promise((resolve, reject) => {
        const rl = createInterface({ input, output, terminal: output.isTTY === true });
        let answered = false;
        rl.on('SIGINT', () => rl.close());
        rl.on('close', () => {
          if (!answered) {
            output.write('\n');
            reject(new LoginCancelled());
          }
        });
        rl.question(question, (answer) => {
          answered = true;
          rl.close();
          resolve(answer);
        });
      }),
    askPassword: async (message) => {
      try {
        return await password({ message, mask: false }, { input, output });
      } catch (err) {
        if ((err as Error).name === 'ExitPromptError') throw new LoginCancelled();
        throw err;
      }
    },
    print: (text) => output.write(`${text}\n`),
  };
}
