import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom, Observable } from 'rxjs';

import { AuditAction, Role } from '@chat/protocol';

import { fromHttpError } from '../core/http-error';

/** The api's shapes (openapi/openapi.json: UserViewDto, RestrictionDto, AuditEntryDto, pages). */
export interface Restriction {
  reason: string | null;
  by: string;
  at: string;
  until: string | null;
}

export interface UserView {
  username: string;
  role: Role;
  online: boolean;
  createdAt: string;
  lastSeen: string | null;
  ban: Restriction | null;
  mute: Restriction | null;
}

export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  reason: string | null;
  details: Record<string, unknown>;
}

export interface Page<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
}

/** The audit log's filters (GET /api/admin/audit): exact user names, in any case, and one action. */
export interface AuditQuery {
  offset: number;
  limit: number;
  /** Only what this admin did. */
  actor?: string;
  /** Only what was done to this user. */
  target?: string;
  /** Only this action, e.g. every ban. */
  action?: AuditAction;
}

export interface RestrictionInput {
  reason?: string;
  /** None: until lifted. */
  minutes?: number;
}

const path = (user: string): string => `/api/admin/users/${encodeURIComponent(user)}`;

/** The admin REST API (admins only; the interceptor adds the token). Errors come back as ChatError. */
@Injectable({ providedIn: 'root' })
export class AdminApiService {
  private readonly http = inject(HttpClient);

  public users(query: { search?: string; offset: number; limit: number }): Promise<Page<UserView>> {
    let params = new HttpParams().set('offset', query.offset).set('limit', query.limit);
    if (query.search) params = params.set('search', query.search);
    return this.call(this.http.get<Page<UserView>>('/api/users', { params }));
  }

  public audit(query: AuditQuery): Promise<Page<AuditEntry>> {
    let params = new HttpParams().set('offset', query.offset).set('limit', query.limit);
    if (query.actor) params = params.set('actor', query.actor);
    if (query.target) params = params.set('target', query.target);
    if (query.action) params = params.set('action', query.action);
    return this.call(this.http.get<Page<AuditEntry>>('/api/admin/audit', { params }));
  }

  public ban(user: string, input: RestrictionInput): Promise<unknown> {
    return this.call(this.http.post(`${path(user)}/ban`, input));
  }

  public unban(user: string): Promise<unknown> {
    return this.call(this.http.delete(`${path(user)}/ban`));
  }

  public mute(user: string, input: RestrictionInput): Promise<unknown> {
    return this.call(this.http.post(`${path(user)}/mute`, input));
  }

  public unmute(user: string): Promise<unknown> {
    return this.call(this.http.delete(`${path(user)}/mute`));
  }

  public kick(user: string, reason?: string): Promise<unknown> {
    return this.call(this.http.post(`${path(user)}/kick`, reason ? { reason } : {}));
  }

  public setRole(user: string, role: Role): Promise<unknown> {
    return this.call(this.http.patch(path(user), { role }));
  }

  /** Every logged-in connection gets a notice with the text. */
  public announce(text: string): Promise<unknown> {
    return this.call(this.http.post('/api/admin/announce', { text }));
  }

  private async call<T>(request: Observable<T>): Promise<T> {
    try {
      return await firstValueFrom(request);
    } catch (err) {
      throw fromHttpError(err);
    }
  }
}
