import { HttpClient } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import { firstValueFrom, Observable } from 'rxjs';

import { Role } from '@chat/protocol';

import { LoginRequest, LoginResponse, RegisterRequest, UserSummary } from './api/api.types';
import { fromHttpError } from './http-error';

export interface Session {
  token: string;
  username: string;
  role: Role;
}

const STORAGE_KEY = 'chat.session';

/**
 * Who is logged in in this tab: the api's JWT, kept in sessionStorage so that a reload keeps
 * the session and closing the tab ends it. The same token logs the WebSocket in.
 */
@Injectable({ providedIn: 'root' })
export class SessionService {
  private readonly http = inject(HttpClient);
  private readonly current = signal<Session | null>(readStored());

  public readonly session = this.current.asReadonly();
  public readonly loggedIn = computed(() => this.current() !== null);
  public readonly isAdmin = computed(() => this.current()?.role === 'admin');

  public async login(username: string, password: string): Promise<Session> {
    const body: LoginRequest = { username, password };
    const res = await this.call(this.http.post<LoginResponse>('/api/auth/login', body));
    const session: Session = { token: res.accessToken, username: res.user.username, role: res.user.role };
    this.set(session);
    return session;
  }

  /** Creates the account, then logs in with it. */
  public async register(username: string, password: string): Promise<Session> {
    const body: RegisterRequest = { username, password };
    await this.call(this.http.post<UserSummary>('/api/auth/register', body));
    return this.login(username, password);
  }

  /** Keeps the role (or the fresh token) the WebSocket's `login` reply reports. */
  public update(changes: Partial<Session>): void {
    const session = this.current();
    if (session) this.set({ ...session, ...changes });
  }

  public logout(): void {
    sessionStorage.removeItem(STORAGE_KEY);
    this.current.set(null);
  }

  private set(session: Session): void {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    this.current.set(session);
  }

  private async call<T>(request: Observable<T>): Promise<T> {
    try {
      return await firstValueFrom(request);
    } catch (err) {
      throw fromHttpError(err);
    }
  }
}

function readStored(): Session | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<Session>;
    return typeof parsed.token === 'string' && typeof parsed.username === 'string'
      ? { token: parsed.token, username: parsed.username, role: parsed.role === 'admin' ? 'admin' : 'user' }
      : null;
  } catch {
    return null;
  }
}
