import type { EventFrame, SequencedFrame } from '@chat/protocol';

import type { ConnectionId, LiveGateway, RoomChange } from '../live/live-gateway';

/**
 * A LiveGateway for the library's unit specs. The real ones live in the apps (the edge's
 * connections, the api's control channel), out of a library's reach, and have specs of their own:
 * this one records every call in order, and answers `online` with whoever the spec says is online.
 */
export class RecordingLiveGateway implements LiveGateway {
  public readonly calls: unknown[][] = [];
  public onlineNames: string[] = [];

  public deliverMessage(frame: SequencedFrame, participants: readonly string[]): void {
    this.calls.push(['deliverMessage', frame, participants]);
  }

  public sendToUser(username: string, frame: EventFrame, except?: ConnectionId): void {
    this.calls.push(
      except === undefined ? ['sendToUser', username, frame] : ['sendToUser', username, frame, except],
    );
  }

  public sendToConnection(username: string, connection: ConnectionId, frame: EventFrame): void {
    this.calls.push(['sendToConnection', username, connection, frame]);
  }

  public sendToRoom(room: string, frame: EventFrame): void {
    this.calls.push(['sendToRoom', room, frame]);
  }

  public roomChanged(change: RoomChange): void {
    this.calls.push(['roomChanged', change]);
  }

  public broadcast(frame: EventFrame): void {
    this.calls.push(['broadcast', frame]);
  }

  public disconnectUser(username: string, frame: EventFrame, session?: string): void {
    this.calls.push(
      session === undefined
        ? ['disconnectUser', username, frame]
        : ['disconnectUser', username, frame, session],
    );
  }

  public async online(): Promise<string[]> {
    return this.onlineNames;
  }
}
