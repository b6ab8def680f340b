import { Pipe, PipeTransform } from '@angular/core';

import { emojiSegments, TextSegment } from './emoji';

/** Message text as text and emoji pictures: the message list shows a message of one emoji alone larger. */
@Pipe({ name: 'emojiSegments' })
export class EmojiSegmentsPipe implements PipeTransform {
  public transform(text: string): TextSegment[] {
    return emojiSegments(text);
  }
}
