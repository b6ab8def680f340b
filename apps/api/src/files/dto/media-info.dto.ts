import { ApiProperty, ApiPropertyOptions, getSchemaPath } from '@nestjs/swagger';

import { THUMBNAIL_PX, WAVEFORM_LENGTH } from '@chat/protocol';

/** A processed voice message (protocol.md §10). */
export class VoiceMediaDto {
  @ApiProperty({ enum: ['voice'], example: 'voice' })
  public kind!: 'voice';

  /** Length after trimming the silence at both ends, in milliseconds. */
  @ApiProperty({ example: 7040 })
  public durationMs!: number;

  /** Loudness along the recording, to draw it with before it is downloaded. */
  @ApiProperty({
    type: [Number],
    minItems: WAVEFORM_LENGTH,
    maxItems: WAVEFORM_LENGTH,
    example: Array.from({ length: WAVEFORM_LENGTH }, (_, i) => Math.round(128 + 120 * Math.sin(i / 3))),
    description: `${WAVEFORM_LENGTH} integers 0..255`,
  })
  public waveform!: number[];
}

/** A processed picture (protocol.md §10). */
export class ImageMediaDto {
  @ApiProperty({ enum: ['image'], example: 'image' })
  public kind!: 'image';

  /** Width of the stored picture in pixels, upright. */
  @ApiProperty({ example: 1440 })
  public width!: number;

  /** Height of the stored picture in pixels, upright. */
  @ApiProperty({ example: 1920 })
  public height!: number;

  /** Its thumbnail (longest side at most the thumbnail size), readable by whoever may read the picture. */
  @ApiProperty({ example: 'f_Q2x9vTn4KcWm8pLd', description: `A file of at most ${THUMBNAIL_PX} px` })
  public thumbId!: string;
}

/** The `media` property of a file: one of the two, told apart by `kind` (needs @ApiExtraModels of both). */
export const MEDIA_INFO_PROPERTY: ApiPropertyOptions = {
  oneOf: [{ $ref: getSchemaPath(VoiceMediaDto) }, { $ref: getSchemaPath(ImageMediaDto) }],
  discriminator: {
    propertyName: 'kind',
    mapping: { voice: getSchemaPath(VoiceMediaDto), image: getSchemaPath(ImageMediaDto) },
  },
};
