import { randomUUID } from 'node:crypto';

import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';

import {
  CallEndedFrame,
  CallEndReason,
  CallEventFrame,
  CallMedia,
  CallOutcome,
  ChatError,
  ClientFrameInput,
  isRoomAddress,
  MAX_CALL_SIGNAL_BYTES,
  OkReplies,
} from '@chat/protocol';

import { Actor } from '../auth/actor';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ConnectionId, LIVE_GATEWAY, LiveGateway } from '../live/live-gateway';
import { Addressing, MessagesService } from '../messages/messages.service';
import { TokenBuckets } from '../rate-limit/token-bucket';
import { iceServersFor } from './ice';

/** Someone in a call, on the one connection that invited or accepted. */
interface Member {
  username: string;
  connection: ConnectionId;
}

interface Call {
  id: string;
  media: CallMedia;
  caller: string;
  /** The conversation of the caller and those invited, where the call's message goes. */
  addressing: Addressing;
  /** In the call now, by lower-cased name. */
  members: Map<string, Member>;
  /** Invited, online when invited, and neither answered nor refused yet: lower-cased name → name. */
  ringing: Map<string, string>;
  rejected: number;
  answeredAt: number | null;
  ringTimer: NodeJS.Timeout;
}

/** Invitations a user may make: a burst of 5, then one every 6 s. */
const INVITE_BURST = 5;
const INVITES_PER_SEC = 1 / 6;
/** Signals one connection may relay: an offer, an answer and a few dozen ICE candidates at once. */
const SIGNAL_BURST = 200;
const SIGNALS_PER_SEC = 50;

/**
 * Calls (protocol.md §11): who is invited, ringing and in each call, and the relay of WebRTC
 * signalling between its members. The media never passes here. Every effect on other connections
 * goes through the LiveGateway, so that a gateway spanning several edges carries calls as it
 * carries messages. A connection is in at most one call, so calls are bounded by connections.
 */
@Injectable()
export class CallsService implements OnModuleDestroy {
  private readonly logger = new Logger('Calls');
  private readonly calls = new Map<string, Call>();
  /** The call each connection is in (as a member). */
  private readonly byConnection = new Map<ConnectionId, string>();
  private readonly invites = new TokenBuckets(INVITE_BURST, INVITES_PER_SEC);
  private readonly signals = new TokenBuckets(SIGNAL_BURST, SIGNALS_PER_SEC);
  private readonly sweeper = setInterval(() => {
    this.invites.sweep();
    this.signals.sweep();
  }, 60_000).unref();

  constructor(
    @Inject(LIVE_GATEWAY) private readonly live: LiveGateway,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly messages: MessagesService,
  ) {}

  /** Calls going on now (ringing or answered). */
  public get count(): number {
    return this.calls.size;
  }

  public async invite(
    actor: Actor,
    connection: ConnectionId,
    input: ClientFrameInput<'call.invite'>,
  ): Promise<OkReplies['call.invite']> {
    this.notInACall(connection);
    if (input.to === '*' || isRoomAddress(input.to)) {
      throw new ChatError('INVALID', 'to: call one user or a group, not everyone or a room');
    }
    const addressing = await this.messages.address(actor.username, input.to);
    const retryAfterMs = this.invites.take(actor.username.toLowerCase());
    if (retryAfterMs > 0)
      throw new ChatError('RATE_LIMITED', 'Too many calls; wait a little', { retryAfterMs });
    const online = new Set((await this.live.online()).map((n) => n.toLowerCase()));
    const invited = addressing.participants.slice(1);
    const ringing = new Map(
      invited.filter((n) => online.has(n.toLowerCase())).map((n) => [n.toLowerCase(), n]),
    );
    if (ringing.size === 0) throw new ChatError('USER_OFFLINE', `${invited.join(', ')}: not online`);
    this.notInACall(connection); // the awaits above let another invite from it in
    const call: Call = {
      id: randomUUID(),
      media: input.media,
      caller: actor.username,
      addressing,
      members: new Map([[actor.username.toLowerCase(), { username: actor.username, connection }]]),
      ringing,
      rejected: 0,
      answeredAt: null,
      ringTimer: setTimeout(() => this.ringTimedOut(call), this.config.calls.ringMs).unref(),
    };
    this.calls.set(call.id, call);
    this.byConnection.set(connection, call.id);
    const ring: CallEventFrame = {
      type: 'call.ring',
      callId: call.id,
      from: actor.username,
      media: call.media,
      participants: addressing.participants,
    };
    await Promise.all([...ringing.values()].map((name) => this.live.sendToUser(name, ring)));
    return { callId: call.id, iceServers: iceServersFor(this.config.calls, actor.username) };
  }

  public async accept(
    actor: Actor,
    connection: ConnectionId,
    callId: string,
  ): Promise<OkReplies['call.accept']> {
    const call = this.calls.get(callId);
    const key = actor.username.toLowerCase();
    if (!call || !call.ringing.has(key)) throw new ChatError('NO_SUCH_CALL');
    this.notInACall(connection);
    call.ringing.delete(key);
    const already = [...call.members.values()];
    call.members.set(key, { username: actor.username, connection });
    this.byConnection.set(connection, call.id);
    call.answeredAt ??= Date.now();
    const joined: CallEventFrame = { type: 'call.joined', callId, user: actor.username };
    const elsewhere: CallEndedFrame = { type: 'call.ended', callId, reason: 'answered-elsewhere' };
    await Promise.all([
      ...already.map((m) => this.live.sendToConnection(m.username, m.connection, joined)),
      this.live.sendToUser(actor.username, elsewhere, connection),
    ]);
    return {
      callId,
      iceServers: iceServersFor(this.config.calls, actor.username),
      participants: already.map((m) => m.username),
    };
  }

  public async reject(actor: Actor, connection: ConnectionId, callId: string): Promise<void> {
    const call = this.calls.get(callId);
    const key = actor.username.toLowerCase();
    if (!call || !call.ringing.has(key)) throw new ChatError('NO_SUCH_CALL');
    call.ringing.delete(key);
    call.rejected += 1;
    // The user's other devices stop ringing.
    await this.live.sendToUser(
      actor.username,
      { type: 'call.ended', callId, reason: 'rejected' },
      connection,
    );
    await this.left(call, actor.username);
  }

  /** Leaves the call; an invitation still ringing is refused. */
  public async hangup(actor: Actor, connection: ConnectionId, callId: string): Promise<void> {
    const call = this.calls.get(callId);
    const key = actor.username.toLowerCase();
    if (call?.ringing.has(key)) return this.reject(actor, connection, callId);
    const member = call?.members.get(key);
    if (!call || !member) throw new ChatError('NO_SUCH_CALL');
    this.removeMember(call, key);
    await this.left(call, member.username);
  }

  public async signal(
    actor: Actor,
    connection: ConnectionId,
    input: ClientFrameInput<'call.signal'>,
  ): Promise<void> {
    const call = this.calls.get(input.callId);
    const key = actor.username.toLowerCase();
    if (!call || (!call.members.has(key) && !call.ringing.has(key))) throw new ChatError('NO_SUCH_CALL');
    const from = call.members.get(key);
    if (!from || from.connection !== connection) {
      throw new ChatError('NOT_IN_CALL', 'Accept the call on this connection first');
    }
    const to = call.members.get(input.to.toLowerCase());
    if (!to || to === from) throw new ChatError('NOT_IN_CALL', `${input.to} is not in this call`);
    if (Buffer.byteLength(JSON.stringify(input.data)) > MAX_CALL_SIGNAL_BYTES) {
      throw new ChatError('INVALID', `data: larger than ${MAX_CALL_SIGNAL_BYTES / 1024} KiB`);
    }
    const retryAfterMs = this.signals.take(connection);
    if (retryAfterMs > 0) throw new ChatError('RATE_LIMITED', 'Too many signals', { retryAfterMs });
    await this.live.sendToConnection(to.username, to.connection, {
      type: 'call.signal',
      callId: call.id,
      from: from.username,
      data: input.data,
    });
  }

  /** A connection closed: it leaves the call it was in. */
  public async connectionClosed(connection: ConnectionId): Promise<void> {
    const call = this.calls.get(this.byConnection.get(connection) ?? '');
    if (!call) return;
    const member = [...call.members.entries()].find(([, m]) => m.connection === connection);
    if (!member) return;
    this.removeMember(call, member[0]);
    await this.left(call, member[1].username);
  }

  public onModuleDestroy(): void {
    clearInterval(this.sweeper);
    for (const call of this.calls.values()) clearTimeout(call.ringTimer);
  }

  private notInACall(connection: ConnectionId): void {
    if (this.byConnection.has(connection)) {
      throw new ChatError('INVALID', 'This connection is in a call already: hang up first');
    }
  }

  private removeMember(call: Call, key: string): void {
    const member = call.members.get(key);
    if (!member) return;
    call.members.delete(key);
    if (this.byConnection.get(member.connection) === call.id) this.byConnection.delete(member.connection);
  }

  /** Someone left, refused or went away: the others are told, and the call ends if it must. */
  private async left(call: Call, username: string): Promise<void> {
    const frame: CallEventFrame = { type: 'call.left', callId: call.id, user: username };
    await Promise.all(
      [...call.members.values()].map((m) => this.live.sendToConnection(m.username, m.connection, frame)),
    );
    if (call.members.size >= 2) return;
    const callerThere = call.members.has(call.caller.toLowerCase());
    if (call.answeredAt === null && callerThere && call.ringing.size > 0) return; // still ringing others
    if (call.answeredAt !== null) return this.end(call, 'hangup', 'answered');
    if (!callerThere) return this.end(call, 'hangup', 'missed');
    return this.end(
      call,
      call.rejected > 0 ? 'rejected' : 'missed',
      call.rejected > 0 ? 'rejected' : 'missed',
    );
  }

  private async ringTimedOut(call: Call): Promise<void> {
    if (this.calls.get(call.id) !== call) return;
    try {
      if (call.answeredAt === null) return await this.end(call, 'missed', 'missed');
      // Answered by some: the others' invitations lapse; the call goes on.
      const missed: CallEndedFrame = { type: 'call.ended', callId: call.id, reason: 'missed' };
      const late = [...call.ringing.values()];
      call.ringing.clear();
      await Promise.all(late.map((name) => this.live.sendToUser(name, missed)));
    } catch (err) {
      this.logger.error(`Call ${call.id}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Everyone still in or ringing is told; the call's message goes into the conversation. */
  private async end(call: Call, reason: CallEndReason, outcome: CallOutcome): Promise<void> {
    if (this.calls.get(call.id) !== call) return;
    this.calls.delete(call.id);
    clearTimeout(call.ringTimer);
    const members = [...call.members.values()];
    const ringing = [...call.ringing.values()];
    for (const key of [...call.members.keys()]) this.removeMember(call, key);
    call.ringing.clear();
    const frame: CallEndedFrame = { type: 'call.ended', callId: call.id, reason };
    await Promise.all([
      ...members.map((m) => this.live.sendToConnection(m.username, m.connection, frame)),
      ...ringing.map((name) => this.live.sendToUser(name, frame)),
    ]);
    const durationMs = call.answeredAt === null ? 0 : Date.now() - call.answeredAt;
    try {
      await this.messages.recordCall(call.caller, call.addressing, {
        callId: call.id,
        media: call.media,
        outcome,
        durationMs,
      });
    } catch (err) {
      this.logger.error(
        `Call ${call.id}: its message was not stored: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
}
