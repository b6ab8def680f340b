import { renderMessage } from './message-markdown';

describe(renderMessage.name, () => {
  it.each([
    [
      '**bold** and *italic* and _italic_',
      '<p><strong>bold</strong> and <em>italic</em> and <em>italic</em></p>',
    ],
    ['a `code` span', '<p>a <code>code</code> span</p>'],
    ['```\nlet a = 1;\n  b\n```', '<pre><code>let a = 1;\n  b\n</code></pre>'],
    ['> quoted\n> on\n\nafter', '<blockquote>\n<p>quoted\non</p>\n</blockquote>\n<p>after</p>'],
    ['one\n  two', '<p>one\n  two</p>'],
    ['snake_case_name stays', '<p>snake_case_name stays</p>'],
    ['\\*not bold\\*', '<p>*not bold*</p>'],
  ])('%j → %j', (text, html) => {
    expect(renderMessage(text, 'alice')).toBe(html);
  });

  it.each([
    ['# heading', '<p># heading</p>'],
    ['- item\n1. item', '<p>- item\n1. item</p>'],
    ['| a | b |\n|---|---|\n| 1 | 2 |', '<p>| a | b |\n|---|---|\n| 1 | 2 |</p>'],
    ['---', '<p>---</p>'],
    ['    indented', '<p>indented</p>'],
  ])('leaves what a chat line needs no markup for as text: %j', (text, html) => {
    expect(renderMessage(text, 'alice')).toBe(html);
  });

  it('shows raw HTML as text', () => {
    expect(renderMessage('<script>alert(1)</script> <img src=x onerror=alert(1)>', 'alice')).toBe(
      '<p>&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;</p>',
    );
  });

  const link = (href: string, text = href): string =>
    `<a href="${href}" target="_blank" rel="noopener noreferrer">${text}</a>`;

  it.each([
    ['see https://example.org/a?b=1.', `<p>see ${link('https://example.org/a?b=1')}.</p>`],
    ['http://example.org', `<p>${link('http://example.org')}</p>`],
    ['[the docs](https://example.org/docs)', `<p>${link('https://example.org/docs', 'the docs')}</p>`],
    ['<https://example.org>', `<p>${link('https://example.org')}</p>`],
    ['mail alice@example.org', `<p>mail ${link('mailto:alice@example.org', 'alice@example.org')}</p>`],
    ['[write](mailto:bob@example.org)', `<p>${link('mailto:bob@example.org', 'write')}</p>`],
  ])('links http, https and mailto: %j', (text, html) => {
    expect(renderMessage(text, 'alice')).toBe(html);
  });

  it.each([
    ['[click](javascript:alert(1))', '<p>[click](javascript:alert(1))</p>'],
    ['[click](JavaScript:alert(1))', '<p>[click](JavaScript:alert(1))</p>'],
    ['<javascript:alert(1)>', '<p>&lt;javascript:alert(1)&gt;</p>'],
    ['[x](data:text/html,<b>hi</b>)', '<p>[x](data:text/html,&lt;b&gt;hi&lt;/b&gt;)</p>'],
    ['[x](vbscript:msgbox)', '<p>[x](vbscript:msgbox)</p>'],
    ['[x](file:///etc/passwd)', '<p>[x](file:///etc/passwd)</p>'],
    ['[x](/relative)', '<p>[x](/relative)</p>'],
    ['ftp://example.org', '<p>ftp://example.org</p>'],
    ['main.py and notes.md', '<p>main.py and notes.md</p>'],
    ['![picture](https://example.org/a.png)', `<p>!${link('https://example.org/a.png', 'picture')}</p>`],
  ])('makes no link of anything else, and no image: %j', (text, html) => {
    expect(renderMessage(text, 'alice')).toBe(html);
  });

  it('marks mentions, the reader’s own apart, but not in code or in a link', () => {
    expect(renderMessage('@bob and @Alice: `@bob` https://example.org/@bob', 'alice')).toBe(
      '<p><span class="mention">@bob</span> and <span class="mention mention-me">@Alice</span>: ' +
        `<code>@bob</code> ${link('https://example.org/@bob')}</p>`,
    );
  });

  it('shows the 20 emoji as pictures, in any markup', () => {
    expect(renderMessage('**😂** 🦄', 'alice')).toBe(
      '<p><strong><img class="emoji" src="emoji/1f602.svg" alt="😂" title="tears of joy"></strong> 🦄</p>',
    );
  });
});
