import { Pipe, PipeTransform } from '@angular/core';

import { emojiSegments, TextSegment } from './emoji';

/** Message text as text and emoji pictures, for the template to render without innerHTML. */
@Pipe({ name: 'emojiSegments' })
export class EmojiSegmentsPipe implements PipeTransform {
  public transform(text: string): TextSegment[] {
    return emojiSegments(text);
  }
}
