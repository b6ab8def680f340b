import type { components, operations } from './openapi.types';

/**
 * The api's shapes under the names the web client uses. Each is a schema of openapi/openapi.json,
 * generated from the api's DTOs into openapi.types.ts (`npm run openapi`; CI fails when it drifts),
 * so a change to a DTO that the web client does not follow fails its build.
 */
type Schemas = components['schemas'];
/** The query string of an operation (by its operationId in openapi.json). */
type Query<K extends keyof operations> = NonNullable<operations[K]['parameters']['query']>;

export type LoginRequest = Schemas['LoginDto'];
export type LoginResponse = Schemas['LoginResponseDto'];
export type RegisterRequest = Schemas['RegisterDto'];
export type UserSummary = Schemas['UserSummaryDto'];

export type UserView = Schemas['UserViewDto'];
export type Restriction = Schemas['RestrictionDto'];
export type UserPage = Schemas['UserPageDto'];
export type UsersQuery = Query<'UsersHttpController_list'>;

/** A ban or a mute: reason and minutes (none: until lifted). */
export type RestrictionInput = Schemas['RestrictUserDto'];
export type RestrictionResult = Schemas['RestrictionResultDto'];
export type KickInput = Schemas['KickUserDto'];
export type UserRef = Schemas['UserRefDto'];
export type SetRoleInput = Schemas['SetRoleDto'];
export type AnnounceInput = Schemas['AnnounceDto'];
/** Account care: a password an admin sets, what deleting an account changed. */
export type ResetPasswordInput = Schemas['ResetPasswordDto'];
export type DeletedAccount = Schemas['DeletedAccountDto'];
/** The caller's own account: a new password, and their sessions (`current`: this one). */
export type ChangePasswordInput = Schemas['ChangePasswordDto'];
export type AccountSession = Schemas['SessionDto'];

export type AuditEntry = Schemas['AuditEntryDto'];
export type AuditPage = Schemas['AuditPageDto'];
export type AuditQuery = Query<'AuditHttpController_list'>;

export type Conversations = Schemas['ConversationsDto'];
export type UploadedFile = Schemas['FileInfoDto'];
export type ClientConfig = Schemas['ClientConfigDto'];
/** The 201 body of `POST /api/media/voice` and `/api/media/image` (protocol.md §10). */
export type UploadedMedia = Schemas['MediaFileDto'];
/** A screenshot in the caller's Snapshots folder, and a page of them (newest first). */
export type Snapshot = Schemas['SnapshotDto'];
/** A track of the Music player (`GET /api/music`): every logged-in user may play its file. */
export type MusicTrack = Schemas['MusicTrackDto'];
export type SnapshotPage = Schemas['SnapshotPageDto'];
/** A player's best on a game's leaderboard, the leaderboard as the caller sees it, and a posted score's answer. */
export type RankedScore = Schemas['RankedScoreDto'];
export type Scoreboard = Schemas['ScoreboardDto'];
export type PostedScore = Schemas['PostedScoreDto'];
