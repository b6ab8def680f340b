import { MusicTrack } from '../app/core/api/api.types';

/** A listed track as `GET /api/music` gives it: `t_<n>`, its file `f_<n>`, 60 + n seconds. */
export const track = (n: number, over: Partial<MusicTrack> = {}): MusicTrack => ({
  id: `t_${n}`,
  title: `Track ${n}`,
  durationMs: 60_000 + n * 1000,
  fileId: `f_${n}`,
  mime: 'audio/mp4',
  addedBy: 'admin',
  addedAt: '2026-12-01T10:00:00.000Z',
  ...over,
});
