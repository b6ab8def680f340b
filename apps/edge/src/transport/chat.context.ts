import { BaseRpcContext } from '@nestjs/microservices';

import { ChatError } from '@chat/protocol';

import { Connection, SessionUser } from './connection';

/** What a frame handler gets beside the frame: its connection and the raw block it carried. */
export class ChatContext extends BaseRpcContext<[Connection, Buffer | undefined]> {
  /** Tasks to run once the reply has been written, before the connection's next frame. */
  public readonly afterReply: (() => Promise<void> | void)[] = [];

  public get connection(): Connection {
    return this.args[0];
  }

  public get block(): Buffer | undefined {
    return this.args[1];
  }

  /** Holds events for this connection until the reply to the current frame is out. */
  public holdEventsUntilReplied(): void {
    const conn = this.connection;
    conn.holdEvents();
    this.afterReply.push(() => conn.releaseEvents(0));
  }

  /** The logged-in user (the guard has made sure there is one). */
  public get user(): SessionUser {
    const user = this.connection.user;
    if (!user) throw new ChatError('NOT_AUTHENTICATED');
    return user;
  }
}
