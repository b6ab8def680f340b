import type { Database, Statement, Transaction } from 'better-sqlite3';

import { ChatError } from '@chat/protocol';

import { pageWindow } from '../paging';
import type {
  Page,
  Restriction,
  RoomListQuery,
  RoomRecord,
  RoomsRepository,
  RoomSummary,
} from '../repositories';
import { fromMillis, isUniqueViolation, toMillis } from './sqlite.values';

interface RoomRow {
  id: string;
  name: string;
  topic: string;
  private: number;
  owner: string;
  created_at: number;
}

interface SummaryRow extends RoomRow {
  members: number;
}

interface BanRow {
  reason: string | null;
  banned_by: string;
  at: number;
  until: number | null;
}

const COLUMNS = 'r.id, r.name, r.topic, r.private, r.owner, r.created_at';
/** A room's member count, read from room_members' primary key (a range scan of the room's entries). */
const MEMBERS = '(SELECT count(*) FROM room_members m WHERE m.room_id = r.id) AS members';
/**
 * A room matches a search when the lower-cased text is in its name or topic; instr(x, '') is 1, so
 * one statement serves an empty search too.
 */
const MATCHES = '(instr(r.name, @search) > 0 OR instr(lower(r.topic), @search) > 0)';
/** Public rooms, and private ones the user is a member of (a primary-key probe each). */
const VISIBLE = `(r.private = 0 OR EXISTS (
  SELECT 1 FROM room_members m WHERE m.room_id = r.id AND m.username_lower = @user))`;

export class SqliteRoomsRepository implements RoomsRepository {
  private readonly insertRoom: Statement<[RoomRow & { owner_lower: string }]>;
  private readonly insertMember: Statement<[string, string, string, number]>;
  private readonly deleteInvite: Statement<[string, string]>;
  private readonly byName: Statement<[string], RoomRow>;
  private readonly byId: Statement<[string], RoomRow>;
  private readonly visiblePage: Statement<
    [{ user: string; search: string; limit: number; offset: number }],
    SummaryRow
  >;
  private readonly visibleCount: Statement<[{ user: string; search: string }], { n: number }>;
  private readonly allPage: Statement<[{ search: string; limit: number; offset: number }], SummaryRow>;
  private readonly allCount: Statement<[{ search: string }], { n: number }>;
  private readonly updateTopic: Statement<[string, string]>;
  private readonly deleteRoom: Statement<[string]>;
  private readonly deleteMembers: Statement<[string]>;
  private readonly deleteInvites: Statement<[string]>;
  private readonly deleteBans: Statement<[string]>;
  private readonly deleteMember: Statement<[string, string]>;
  private readonly memberProbe: Statement<[string, string], { ok: number }>;
  private readonly memberNames: Statement<[string], { username: string }>;
  private readonly countMembers: Statement<[string], { n: number }>;
  private readonly roomsOfUser: Statement<[string], RoomRow>;
  private readonly ownedCount: Statement<[string], { n: number }>;
  private readonly everyMembership: Statement<[], { room: string; username: string }>;
  private readonly upsertInvite: Statement<[string, string, string, number]>;
  private readonly invitedProbe: Statement<[string, string], { ok: number }>;
  private readonly upsertBan: Statement<[Record<string, unknown>]>;
  private readonly deleteBan: Statement<[string, string]>;
  private readonly banRow: Statement<[string, string], BanRow>;
  private readonly createTx: Transaction<(room: RoomRecord) => void>;
  private readonly joinTx: Transaction<(roomId: string, username: string) => boolean>;
  private readonly deleteTx: Transaction<(roomId: string) => boolean>;

  constructor(db: Database) {
    this.insertRoom = db.prepare(`INSERT INTO rooms (id, name, topic, private, owner, owner_lower, created_at)
      VALUES (@id, @name, @topic, @private, @owner, @owner_lower, @created_at)`);
    // OR IGNORE: joining twice is one membership, and `changes` says whether it was new.
    this.insertMember = db.prepare(
      'INSERT OR IGNORE INTO room_members (room_id, username_lower, username, joined_at) VALUES (?, ?, ?, ?)',
    );
    this.deleteInvite = db.prepare('DELETE FROM room_invites WHERE room_id = ? AND username_lower = ?');
    this.byName = db.prepare(`SELECT ${COLUMNS} FROM rooms r WHERE r.name = ?`);
    this.byId = db.prepare(`SELECT ${COLUMNS} FROM rooms r WHERE r.id = ?`);
    this.visiblePage = db.prepare(`SELECT ${COLUMNS}, ${MEMBERS} FROM rooms r
      WHERE ${VISIBLE} AND ${MATCHES} ORDER BY r.name LIMIT @limit OFFSET @offset`);
    this.visibleCount = db.prepare(`SELECT count(*) AS n FROM rooms r WHERE ${VISIBLE} AND ${MATCHES}`);
    this.allPage = db.prepare(`SELECT ${COLUMNS}, ${MEMBERS} FROM rooms r
      WHERE ${MATCHES} ORDER BY r.name LIMIT @limit OFFSET @offset`);
    this.allCount = db.prepare(`SELECT count(*) AS n FROM rooms r WHERE ${MATCHES}`);
    this.updateTopic = db.prepare('UPDATE rooms SET topic = ? WHERE id = ?');
    this.deleteRoom = db.prepare('DELETE FROM rooms WHERE id = ?');
    this.deleteMembers = db.prepare('DELETE FROM room_members WHERE room_id = ?');
    this.deleteInvites = db.prepare('DELETE FROM room_invites WHERE room_id = ?');
    this.deleteBans = db.prepare('DELETE FROM room_bans WHERE room_id = ?');
    this.deleteMember = db.prepare('DELETE FROM room_members WHERE room_id = ? AND username_lower = ?');
    this.memberProbe = db.prepare(`SELECT EXISTS (
      SELECT 1 FROM room_members WHERE room_id = ? AND username_lower = ?) AS ok`);
    this.memberNames = db.prepare(
      'SELECT username FROM room_members WHERE room_id = ? ORDER BY username_lower',
    );
    this.countMembers = db.prepare('SELECT count(*) AS n FROM room_members WHERE room_id = ?');
    this.roomsOfUser = db.prepare(`SELECT ${COLUMNS} FROM room_members m JOIN rooms r ON r.id = m.room_id
      WHERE m.username_lower = ? ORDER BY r.name`);
    this.ownedCount = db.prepare('SELECT count(*) AS n FROM rooms WHERE owner_lower = ?');
    this.everyMembership = db.prepare(
      'SELECT r.name AS room, m.username AS username FROM room_members m JOIN rooms r ON r.id = m.room_id',
    );
    this.upsertInvite = db.prepare(`INSERT INTO room_invites (room_id, username_lower, invited_by, at)
      VALUES (?, ?, ?, ?) ON CONFLICT (room_id, username_lower) DO NOTHING`);
    this.invitedProbe = db.prepare(`SELECT EXISTS (
      SELECT 1 FROM room_invites WHERE room_id = ? AND username_lower = ?) AS ok`);
    this.upsertBan = db.prepare(`INSERT INTO room_bans (room_id, username_lower, reason, banned_by, at, until)
      VALUES (@room_id, @username_lower, @reason, @banned_by, @at, @until)
      ON CONFLICT (room_id, username_lower) DO UPDATE SET
        reason = excluded.reason, banned_by = excluded.banned_by, at = excluded.at, until = excluded.until`);
    this.deleteBan = db.prepare('DELETE FROM room_bans WHERE room_id = ? AND username_lower = ?');
    this.banRow = db.prepare(
      'SELECT reason, banned_by, at, until FROM room_bans WHERE room_id = ? AND username_lower = ?',
    );

    this.createTx = db.transaction((room: RoomRecord) => {
      this.insertRoom.run({ ...toRow(room), owner_lower: room.owner.toLowerCase() });
      this.insertMember.run(room.id, room.owner.toLowerCase(), room.owner, room.createdAt.getTime());
    });
    this.joinTx = db.transaction((roomId: string, username: string) => {
      const key = username.toLowerCase();
      this.deleteInvite.run(roomId, key);
      return this.insertMember.run(roomId, key, username, Date.now()).changes > 0;
    });
    this.deleteTx = db.transaction((roomId: string) => {
      this.deleteMembers.run(roomId);
      this.deleteInvites.run(roomId);
      this.deleteBans.run(roomId);
      return this.deleteRoom.run(roomId).changes > 0;
    });
  }

  public async create(room: RoomRecord): Promise<RoomRecord> {
    try {
      this.createTx.immediate(room);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ChatError('ROOM_EXISTS', `${room.name} exists already`);
      throw err;
    }
    return { ...room };
  }

  public async findByName(name: string): Promise<RoomRecord | null> {
    const row = this.byName.get(name.toLowerCase());
    return row ? toRoom(row) : null;
  }

  public async findById(id: string): Promise<RoomRecord | null> {
    const row = this.byId.get(id);
    return row ? toRoom(row) : null;
  }

  public async listVisible(username: string, query: RoomListQuery): Promise<Page<RoomSummary>> {
    const { offset, limit } = pageWindow(query);
    const args = { user: username.toLowerCase(), search: (query.search ?? '').toLowerCase() };
    const items = limit === 0 ? [] : this.visiblePage.all({ ...args, limit, offset }).map(toSummary);
    return { items, total: this.visibleCount.get(args)!.n };
  }

  public async listAll(query: RoomListQuery): Promise<Page<RoomSummary>> {
    const { offset, limit } = pageWindow(query);
    const search = (query.search ?? '').toLowerCase();
    const items = limit === 0 ? [] : this.allPage.all({ search, limit, offset }).map(toSummary);
    return { items, total: this.allCount.get({ search })!.n };
  }

  public async setTopic(roomId: string, topic: string): Promise<void> {
    this.updateTopic.run(topic, roomId);
  }

  public async delete(roomId: string): Promise<boolean> {
    return this.deleteTx.immediate(roomId);
  }

  public async addMember(roomId: string, username: string): Promise<boolean> {
    return this.joinTx.immediate(roomId, username);
  }

  public async removeMember(roomId: string, username: string): Promise<boolean> {
    return this.deleteMember.run(roomId, username.toLowerCase()).changes > 0;
  }

  public async isMember(roomId: string, username: string): Promise<boolean> {
    return this.memberProbe.get(roomId, username.toLowerCase())!.ok === 1;
  }

  public async members(roomId: string): Promise<string[]> {
    return this.memberNames.all(roomId).map((row) => row.username);
  }

  public async memberCount(roomId: string): Promise<number> {
    return this.countMembers.get(roomId)!.n;
  }

  public async roomsOf(username: string): Promise<RoomRecord[]> {
    return this.roomsOfUser.all(username.toLowerCase()).map(toRoom);
  }

  public async countOwned(username: string): Promise<number> {
    return this.ownedCount.get(username.toLowerCase())!.n;
  }

  public async allMemberships(): Promise<Array<{ room: string; username: string }>> {
    return this.everyMembership.all();
  }

  public async invite(roomId: string, username: string, by: string): Promise<void> {
    this.upsertInvite.run(roomId, username.toLowerCase(), by, Date.now());
  }

  public async isInvited(roomId: string, username: string): Promise<boolean> {
    return this.invitedProbe.get(roomId, username.toLowerCase())!.ok === 1;
  }

  public async setBan(roomId: string, username: string, ban: Restriction | null): Promise<void> {
    if (ban === null) {
      this.deleteBan.run(roomId, username.toLowerCase());
      return;
    }
    this.upsertBan.run({
      room_id: roomId,
      username_lower: username.toLowerCase(),
      reason: ban.reason,
      banned_by: ban.by,
      at: ban.at.getTime(),
      until: toMillis(ban.until),
    });
  }

  public async banOf(roomId: string, username: string): Promise<Restriction | null> {
    const row = this.banRow.get(roomId, username.toLowerCase());
    return row
      ? { reason: row.reason, by: row.banned_by, at: new Date(row.at), until: fromMillis(row.until) }
      : null;
  }
}

function toRow(room: RoomRecord): RoomRow {
  return {
    id: room.id,
    name: room.name.toLowerCase(),
    topic: room.topic,
    private: room.private ? 1 : 0,
    owner: room.owner,
    created_at: room.createdAt.getTime(),
  };
}

function toRoom(row: RoomRow): RoomRecord {
  return {
    id: row.id,
    name: row.name,
    topic: row.topic,
    private: row.private === 1,
    owner: row.owner,
    createdAt: new Date(row.created_at),
  };
}

function toSummary(row: SummaryRow): RoomSummary {
  return { ...toRoom(row), members: row.members };
}
