import { Pipe, PipeTransform } from '@angular/core';

import { renderMessage } from './message-markdown';

/** Message text as HTML (light Markdown, emoji pictures, mentions) for the sanitised `[innerHTML]`. */
@Pipe({ name: 'messageHtml' })
export class MessageHtmlPipe implements PipeTransform {
  public transform(text: string, me: string): string {
    return renderMessage(text, me);
  }
}
