import MarkdownIt, { StateCore, Token } from 'markdown-it';

import { findMentions } from '@chat/protocol';

import { Emoji, EMOJI_PATH, emojiSegments } from './emoji';

/** What rendering needs to know besides the text: who is reading, so that their mentions stand out. */
interface RenderEnv {
  me: string;
}

/** Only these schemes make a link; anything else (`javascript:`, `data:`, relative paths) stays text. */
const LINK_SCHEME = /^(https?:\/\/|mailto:)/i;

/**
 * The light Markdown of messages: **bold**, *italic*, `code`, fenced code blocks, > quotes, and
 * links (written `[text](url)`, `<url>`, or bare `https://…` and e-mail addresses). No raw HTML
 * (it is shown as text), no headings, lists, tables or images: a chat line stays a chat line.
 */
const md = new MarkdownIt('zero', { html: false, linkify: true })
  .enable(['blockquote', 'fence'])
  .enable(['emphasis', 'backticks', 'escape', 'link', 'autolink', 'linkify']);
// The `newline` rule stays off: a line break and the next line's leading spaces stay in the text as
// the sender typed them (CommonMark drops the spaces), and the list shows them with `pre-wrap`.

md.validateLink = (url) => LINK_SCHEME.test(url);
// Bare links need their scheme: `main.py` or `notes.md` is a file name, not a web site.
md.linkify.set({ fuzzyLink: false, fuzzyEmail: true });
md.core.ruler.push('chat_segments', emojiAndMentions);

md.renderer.rules['link_open'] = (tokens, idx, options, _env, self) => {
  tokens[idx].attrSet('target', '_blank');
  tokens[idx].attrSet('rel', 'noopener noreferrer');
  return self.renderToken(tokens, idx, options);
};
md.renderer.rules['emoji'] = (tokens, idx) => {
  const emoji = tokens[idx].meta as Emoji;
  const esc = md.utils.escapeHtml;
  return `<img class="emoji" src="${EMOJI_PATH}${esc(emoji.file)}" alt="${esc(emoji.char)}" title="${esc(emoji.name)}">`;
};
md.renderer.rules['mention'] = (tokens, idx, _options, env: RenderEnv) => {
  const name = tokens[idx].content.slice(1);
  const mine = name.toLowerCase() === env.me.toLowerCase();
  return `<span class="mention${mine ? ' mention-me' : ''}">${md.utils.escapeHtml(tokens[idx].content)}</span>`;
};

/**
 * A message's text as HTML for `[innerHTML]` (which sanitises it once more): the Markdown above,
 * the 20 emoji as pictures, and `@name` mentions marked, `me`'s own with `mention-me`.
 */
export function renderMessage(text: string, me: string): string {
  const env: RenderEnv = { me };
  return md.render(text, env).trimEnd();
}

/** Splits the text tokens into text, emoji pictures and mentions (not inside a link's text). */
function emojiAndMentions(state: StateCore): void {
  for (const block of state.tokens) {
    if (block.type !== 'inline' || !block.children) continue;
    let inLink = 0;
    block.children = block.children.flatMap((token) => {
      if (token.type === 'link_open') inLink++;
      if (token.type === 'link_close') inLink--;
      return token.type === 'text' ? splitText(state, token, inLink === 0) : [token];
    });
  }
}

function splitText(state: StateCore, token: Token, withMentions: boolean): Token[] {
  const tokens: Token[] = [];
  const push = (type: string, content: string, meta?: unknown): void => {
    const t = new state.Token(type, '', 0);
    t.content = content;
    t.level = token.level;
    t.meta = meta;
    tokens.push(t);
  };
  for (const segment of emojiSegments(token.content)) {
    if (segment.kind === 'emoji') {
      push('emoji', segment.emoji.char, segment.emoji);
      continue;
    }
    let from = 0;
    for (const mention of withMentions ? findMentions(segment.text) : []) {
      if (mention.index > from) push('text', segment.text.slice(from, mention.index));
      push('mention', segment.text.slice(mention.index, mention.index + mention.length));
      from = mention.index + mention.length;
    }
    if (from < segment.text.length) push('text', segment.text.slice(from));
  }
  return tokens;
}
