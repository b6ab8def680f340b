import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';

import { STORE, Store } from '@chat/data';
import { ADMIN_FRAME_TYPES, ChatError, PUBLIC_FRAME_TYPES, RawFrame } from '@chat/protocol';

import { ChatContext } from './chat.context';

/**
 * Every frame but hello/register/login/ping needs a logged-in connection; moderation frames need
 * an admin, checked against the store so that a role change applies at once.
 */
@Injectable()
export class FrameAuthGuard implements CanActivate {
  constructor(@Inject(STORE) private readonly store: Store) {}

  public async canActivate(context: ExecutionContext): Promise<boolean> {
    const rpc = context.switchToRpc();
    const type = rpc.getData<RawFrame>().type;
    if (PUBLIC_FRAME_TYPES.has(type)) return true;
    const user = rpc.getContext<ChatContext>().connection.user;
    if (!user) throw new ChatError('NOT_AUTHENTICATED');
    if (ADMIN_FRAME_TYPES.has(type)) {
      const record = await this.store.users.findByName(user.username);
      if (record?.role !== 'admin') throw new ChatError('FORBIDDEN', 'Only admins may do that');
      user.role = record.role;
    }
    return true;
  }
}
