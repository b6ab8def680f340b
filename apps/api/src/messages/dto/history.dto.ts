import { MessageDto } from './message.dto';

/** The protocol's `history` reply. */
export class HistoryDto {
  /** Oldest first. */
  public messages!: MessageDto[];
}
