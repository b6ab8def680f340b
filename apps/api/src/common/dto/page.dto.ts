import { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';

/** What every paged list answers. */
export interface Paged<T> {
  items: T[];
  /** How many match, over all pages. */
  total: number;
  offset: number;
  limit: number;
}

/** The Swagger-documented class of one page of `Item`s; extend it to name the page's schema. */
export function PageDto<T>(Item: Type<T>): Type<Paged<T>> {
  class Page implements Paged<T> {
    @ApiProperty({ type: [Item] })
    public items!: T[];

    @ApiProperty({ example: 1 })
    public total!: number;

    @ApiProperty({ example: 0 })
    public offset!: number;

    @ApiProperty({ example: 50 })
    public limit!: number;
  }
  return Page;
}
