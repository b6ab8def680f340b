import { Injectable } from '@nestjs/common';

import { mergeExpositions, Metrics } from '@chat/core';

import { EdgeLiveGateway } from '../live/edge-live.gateway';

/**
 * The deployment's metrics on one page: the api's own and the edge's, asked for over the control
 * channel at each scrape, every sample labelled with its `process`. An edge that does not answer
 * leaves its samples out and `natter_edge_up` at 0, rather than failing the scrape.
 */
@Injectable()
export class MetricsService {
  private readonly edgeUp: (up: boolean) => void;

  constructor(
    private readonly metrics: Metrics,
    private readonly edge: EdgeLiveGateway,
  ) {
    this.edgeUp = metrics.edgeReachable();
  }

  public async scrape(): Promise<string> {
    const edge = await this.edge.metricsText();
    this.edgeUp(edge !== null);
    const own = await this.metrics.text();
    return mergeExpositions(edge === null ? [own] : [own, edge]);
  }
}
