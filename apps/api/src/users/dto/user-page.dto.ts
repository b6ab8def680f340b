import { PageDto } from '../../common/dto/page.dto';
import { UserViewDto } from './user-view.dto';

/** One page of users, sorted by name. */
export class UserPageDto extends PageDto(UserViewDto) {}
