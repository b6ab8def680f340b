import { Inject, Injectable } from '@nestjs/common';

import { Actor, LIVE_GATEWAY, LiveGateway } from '@chat/core';
import { DEFAULT_PAGE_LIMIT, STORE, Store } from '@chat/data';
import { ChatError } from '@chat/protocol';

import { ListUsersQueryDto } from './dto/list-users-query.dto';
import { OnlineUsersDto } from './dto/online-users.dto';
import { UserPageDto } from './dto/user-page.dto';
import { UserViewDto } from './dto/user-view.dto';

/** Users as the store keeps them, with presence as the edge knows it. */
@Injectable()
export class UsersService {
  constructor(
    @Inject(STORE) private readonly store: Store,
    @Inject(LIVE_GATEWAY) private readonly live: LiveGateway,
  ) {}

  public async me(actor: Actor): Promise<UserViewDto> {
    const user = await this.store.users.findByName(actor.username);
    if (!user) throw new ChatError('NOT_AUTHENTICATED', 'Your account no longer exists');
    const online = await this.onlineSet();
    return UserViewDto.from(user, online.has(user.username.toLowerCase()));
  }

  public async online(): Promise<OnlineUsersDto> {
    const online = await this.live.online();
    return { online, count: online.length };
  }

  public async list(query: ListUsersQueryDto): Promise<UserPageDto> {
    const offset = query.offset ?? 0;
    const limit = query.limit ?? DEFAULT_PAGE_LIMIT;
    const [page, online] = await Promise.all([
      this.store.users.list({ search: query.search, offset, limit }),
      this.onlineSet(),
    ]);
    const now = Date.now();
    return {
      items: page.items.map((u) => UserViewDto.from(u, online.has(u.username.toLowerCase()), now)),
      total: page.total,
      offset,
      limit,
    };
  }

  private async onlineSet(): Promise<Set<string>> {
    return new Set((await this.live.online()).map((n) => n.toLowerCase()));
  }
}
