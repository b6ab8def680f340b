import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom, Observable } from 'rxjs';

import { Role } from '@chat/protocol';

import {
  AnnounceInput,
  AuditPage,
  AuditQuery,
  DeletedAccount,
  KickInput,
  ResetPasswordInput,
  RestrictionInput,
  RestrictionResult,
  SetRoleInput,
  UserPage,
  UserRef,
  UsersQuery,
  UserSummary,
} from '../core/api/api.types';
import { fromHttpError } from '../core/http-error';

/** Which page of a list: the admin lists always ask for one. */
export interface Paging {
  offset: number;
  limit: number;
}

const path = (user: string): string => `/api/admin/users/${encodeURIComponent(user)}`;

/**
 * The admin REST API (admins only; the interceptor adds the token), typed by the api's OpenAPI
 * document (core/api/api.types.ts). Errors come back as ChatError.
 */
@Injectable({ providedIn: 'root' })
export class AdminApiService {
  private readonly http = inject(HttpClient);

  public users(query: UsersQuery & Paging): Promise<UserPage> {
    let params = new HttpParams().set('offset', query.offset).set('limit', query.limit);
    if (query.search) params = params.set('search', query.search);
    return this.call(this.http.get<UserPage>('/api/users', { params }));
  }

  /** The audit log, newest first; `actor` and `target` are exact user names, in any case. */
  public audit(query: AuditQuery & Paging): Promise<AuditPage> {
    let params = new HttpParams().set('offset', query.offset).set('limit', query.limit);
    if (query.actor) params = params.set('actor', query.actor);
    if (query.target) params = params.set('target', query.target);
    if (query.action) params = params.set('action', query.action);
    return this.call(this.http.get<AuditPage>('/api/admin/audit', { params }));
  }

  public ban(user: string, input: RestrictionInput): Promise<RestrictionResult> {
    return this.call(this.http.post<RestrictionResult>(`${path(user)}/ban`, input));
  }

  public unban(user: string): Promise<UserRef> {
    return this.call(this.http.delete<UserRef>(`${path(user)}/ban`));
  }

  public mute(user: string, input: RestrictionInput): Promise<RestrictionResult> {
    return this.call(this.http.post<RestrictionResult>(`${path(user)}/mute`, input));
  }

  public unmute(user: string): Promise<UserRef> {
    return this.call(this.http.delete<UserRef>(`${path(user)}/mute`));
  }

  public kick(user: string, reason?: string): Promise<UserRef> {
    const body: KickInput = reason ? { reason } : {};
    return this.call(this.http.post<UserRef>(`${path(user)}/kick`, body));
  }

  public setRole(user: string, role: Role): Promise<UserSummary> {
    const body: SetRoleInput = { role };
    return this.call(this.http.patch<UserSummary>(path(user), body));
  }

  /** Sets the user's password; every session of theirs ends. */
  public resetPassword(user: string, password: string): Promise<void> {
    const body: ResetPasswordInput = { password };
    return this.call(this.http.post<void>(`${path(user)}/password`, body));
  }

  /** Deletes the account (its messages stay, as "deleted user"; its name stays reserved). */
  public deleteAccount(user: string): Promise<DeletedAccount> {
    return this.call(this.http.delete<DeletedAccount>(path(user)));
  }

  /** Every logged-in connection gets a notice with the text. */
  public announce(text: string): Promise<void> {
    const body: AnnounceInput = { text };
    return this.call(this.http.post<void>('/api/admin/announce', body));
  }

  private async call<T>(request: Observable<T>): Promise<T> {
    try {
      return await firstValueFrom(request);
    } catch (err) {
      throw fromHttpError(err);
    }
  }
}
