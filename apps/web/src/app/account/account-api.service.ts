import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom, Observable } from 'rxjs';

import { AccountSession, ChangePasswordInput, LoginResponse } from '../core/api/api.types';
import { fromHttpError } from '../core/http-error';

/** The caller's own account over REST (the interceptor adds the token); errors come back as ChatError. */
@Injectable({ providedIn: 'root' })
export class AccountApiService {
  private readonly http = inject(HttpClient);

  /** Answers a fresh token of this session; the other sessions end. */
  public changePassword(input: ChangePasswordInput): Promise<LoginResponse> {
    return this.call(this.http.post<LoginResponse>('/api/auth/password', input));
  }

  public sessions(): Promise<AccountSession[]> {
    return this.call(this.http.get<AccountSession[]>('/api/auth/sessions'));
  }

  public endSession(id: string): Promise<void> {
    return this.call(this.http.delete<void>(`/api/auth/sessions/${encodeURIComponent(id)}`));
  }

  private async call<T>(request: Observable<T>): Promise<T> {
    try {
      return await firstValueFrom(request);
    } catch (err) {
      throw fromHttpError(err);
    }
  }
}
