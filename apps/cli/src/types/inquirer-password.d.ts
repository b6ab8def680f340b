// @inquirer/password ships ESM with `exports` only, which the repository's `node` module resolution
// does not read; Node 20.19+ loads it through require(). This declares the part the CLI uses.
declare module '@inquirer/password' {
  interface PasswordConfig {
    message: string;
    /** false/undefined: nothing is echoed; true or a character: one per typed character. */
    mask?: boolean | string;
    validate?: (value: string) => boolean | string | Promise<boolean | string>;
  }
  interface PromptContext {
    input?: NodeJS.ReadableStream;
    output?: NodeJS.WritableStream;
    clearPromptOnDone?: boolean;
    signal?: AbortSignal;
  }
  const password: (config: PasswordConfig, context?: PromptContext) => Promise<string>;
  export default password;
}
