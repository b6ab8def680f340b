import { DOCUMENT } from '@angular/common';
import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';

import { DEFAULT_LIMITS, Limits } from '@chat/protocol';

import { ClientConfig } from './api/api.types';

/** Where the edge's WebSocket is: PUBLIC_WS_URL when the server sets one, else this page's host on WS_PORT. */
@Injectable({ providedIn: 'root' })
export class ClientConfigService {
  private readonly http = inject(HttpClient);
  private readonly location = inject(DOCUMENT).location;
  private config?: Promise<ClientConfig>;

  public load(): Promise<ClientConfig> {
    this.config ??= firstValueFrom(this.http.get<ClientConfig>('/api/client-config')).catch(
      (err: unknown) => {
        this.config = undefined;
        throw err;
      },
    );
    return this.config;
  }

  public async wsUrl(): Promise<string> {
    const config = await this.load();
    if (config.wsUrl) return config.wsUrl;
    const scheme = this.location.protocol === 'https:' ? 'wss' : 'ws';
    const host = this.location.hostname.includes(':')
      ? `[${this.location.hostname}]`
      : this.location.hostname;
    return `${scheme}://${host}:${config.wsPort}/ws`;
  }

  public async limits(): Promise<Limits> {
    try {
      return (await this.load()).limits;
    } catch {
      return DEFAULT_LIMITS;
    }
  }
}
