#!/usr/bin/env node
// Composes and renders the four music tracks every install starts with (apps/api/assets/music/).
//
// A tiny note sequencer: each piece is a chord progression, a bass line on its roots, a melody
// drawn from its chords and scale by a seeded random walk (so every run renders the same notes),
// and a drum pattern; the instruments are additive sines and shaped noise with envelopes, mixed
// in stereo with a small reverb. The mix is written as a 16-bit WAV and ffmpeg encodes it with
// processMusic's settings (libs/core/src/media/music.ts): stereo AAC-LC in MP4 at 128 kb/s,
// 44.1 kHz, +faststart, the peak limited below -1 dBFS.
//
//   node scripts/make-music.mjs [outDir]     (default apps/api/assets/music)
//
// The pieces are original and, like the repository, free to use (CC0 / MIT).

/* eslint-disable @typescript-eslint/explicit-member-accessibility -- plain JavaScript: no access modifiers */

import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const RATE = 44_100;
const OUT_DIR = resolve(process.argv[2] ?? join(import.meta.dirname, '..', 'apps', 'api', 'assets', 'music'));
const FFMPEG = process.env.FFMPEG_PATH ?? 'ffmpeg';

/** Note names to MIDI numbers: 'C4' = 60, 'A#3', 'Eb5'. */
function midi(name) {
  const m = /^([A-G])([#b]?)(-?\d)$/.exec(name);
  if (!m) throw new Error(`bad note ${name}`);
  const base = { C: 0, D: 2, E: 4, F: 5, G: 7, A: 9, B: 11 }[m[1]];
  return base + (m[2] === '#' ? 1 : m[2] === 'b' ? -1 : 0) + (Number(m[3]) + 1) * 12;
}
const hz = (n) => 440 * 2 ** ((n - 69) / 12);

/** A seeded PRNG (mulberry32): the same melodies on every run. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Mix {
  constructor(seconds) {
    this.length = Math.ceil(seconds * RATE);
    this.left = new Float32Array(this.length);
    this.right = new Float32Array(this.length);
    this.sendL = new Float32Array(this.length);
    this.sendR = new Float32Array(this.length);
  }

  /** Adds a mono voice at `start` seconds, panned (-1 left … 1 right), with a reverb send. */
  add(start, samples, gain, pan = 0, send = 0.2) {
    const at = Math.round(start * RATE);
    const gl = gain * Math.cos(((pan + 1) * Math.PI) / 4);
    const gr = gain * Math.sin(((pan + 1) * Math.PI) / 4);
    for (let i = 0; i < samples.length && at + i < this.length; i++) {
      const s = samples[i];
      this.left[at + i] += s * gl;
      this.right[at + i] += s * gr;
      this.sendL[at + i] += s * gl * send;
      this.sendR[at + i] += s * gr * send;
    }
  }

  /** A small Schroeder reverb (parallel combs, then allpasses) on the send, added to the dry mix. */
  reverb() {
    const wet = (input, offset) => {
      const out = new Float32Array(this.length);
      for (const [ms, fb] of [
        [29.7, 0.78],
        [37.1, 0.76],
        [41.1, 0.74],
        [43.7, 0.72],
      ]) {
        const d = Math.round(((ms + offset) / 1000) * RATE);
        const buf = new Float32Array(this.length);
        let lp = 0;
        for (let i = 0; i < this.length; i++) {
          const delayed = i >= d ? buf[i - d] : 0;
          lp = delayed * 0.6 + lp * 0.4;
          buf[i] = input[i] + lp * fb;
          out[i] += delayed;
        }
      }
      for (const ms of [5, 1.7]) {
        const d = Math.round((ms / 1000) * RATE);
        const copy = Float32Array.from(out);
        for (let i = 0; i < this.length; i++) {
          const x = copy[i];
          const yd = i >= d ? out[i - d] : 0;
          const xd = i >= d ? copy[i - d] : 0;
          out[i] = -0.7 * x + xd + 0.7 * yd;
        }
      }
      return out;
    };
    const wl = wet(this.sendL, 0);
    const wr = wet(this.sendR, 2.3);
    for (let i = 0; i < this.length; i++) {
      this.left[i] += wl[i] * 0.25;
      this.right[i] += wr[i] * 0.25;
    }
  }

  /** Fades the end out and scales the peak to -1.5 dBFS; returns interleaved 16-bit PCM. */
  master(fadeSec) {
    const fade = Math.round(fadeSec * RATE);
    for (let i = 0; i < fade; i++) {
      const g = i / fade;
      this.left[this.length - 1 - i] *= g;
      this.right[this.length - 1 - i] *= g;
    }
    let peak = 0;
    for (let i = 0; i < this.length; i++)
      peak = Math.max(peak, Math.abs(this.left[i]), Math.abs(this.right[i]));
    const scale = 10 ** (-1.5 / 20) / peak;
    const pcm = Buffer.alloc(this.length * 4);
    for (let i = 0; i < this.length; i++) {
      pcm.writeInt16LE(Math.round(this.left[i] * scale * 32767), i * 4);
      pcm.writeInt16LE(Math.round(this.right[i] * scale * 32767), i * 4 + 2);
    }
    return pcm;
  }
}

/** Attack / decay / sustain / release, in seconds; `hold` is how long the key is down. */
function adsr(i, hold, a, d, s, r) {
  const t = i / RATE;
  if (t < a) return t / a;
  if (t < a + d) return 1 - ((t - a) / d) * (1 - s);
  if (t < hold) return s;
  return s * Math.max(0, 1 - (t - hold) / r);
}

/** A tone of summed harmonics ([relative amplitude, …]), with a little vibrato. */
function tone(freq, hold, harmonics, env, vibrato = 0) {
  const [a, d, s, r] = env;
  const n = Math.ceil((hold + r) * RATE);
  const out = new Float32Array(n);
  let phase = 0;
  for (let i = 0; i < n; i++) {
    const t = i / RATE;
    const f = freq * (1 + vibrato * Math.sin(2 * Math.PI * 5.2 * t) * Math.min(1, t / 0.4));
    phase += (2 * Math.PI * f) / RATE;
    let v = 0;
    for (let h = 0; h < harmonics.length; h++) v += harmonics[h] * Math.sin(phase * (h + 1));
    out[i] = v * adsr(i, hold, a, d, s, r);
  }
  return out;
}

const INSTRUMENTS = {
  bell: (f, hold) => tone(f, Math.min(hold, 0.1), [1, 0.0, 0.35, 0, 0.12], [0.005, 0.5, 0.0, 0.6]),
  flute: (f, hold) => tone(f, hold, [1, 0.25, 0.08, 0.03], [0.06, 0.1, 0.8, 0.25], 0.004),
  pluck: (f, hold) => tone(f, Math.min(hold, 0.15), [1, 0.5, 0.3, 0.15, 0.08], [0.003, 0.35, 0.0, 0.3]),
  pad: (f, hold) => tone(f, hold, [1, 0.45, 0.25, 0.12, 0.06], [0.6, 0.5, 0.7, 1.2], 0.002),
  bass: (f, hold) => tone(f, hold, [1, 0.35, 0.1], [0.01, 0.25, 0.6, 0.12]),
};

function kick() {
  const n = Math.round(0.35 * RATE);
  const out = new Float32Array(n);
  let phase = 0;
  for (let i = 0; i < n; i++) {
    const t = i / RATE;
    phase += (2 * Math.PI * (48 + 110 * Math.exp(-t * 28))) / RATE;
    out[i] = Math.sin(phase) * Math.exp(-t * 9);
  }
  return out;
}

function noise(seconds, decay, bright, random) {
  const n = Math.round(seconds * RATE);
  const out = new Float32Array(n);
  let prev = 0;
  for (let i = 0; i < n; i++) {
    const w = random() * 2 - 1;
    out[i] = (bright ? w - prev : w * 0.5 + prev * 0.5) * Math.exp((-i / RATE) * decay);
    prev = w;
  }
  return out;
}

function snare(random) {
  const body = tone(185, 0.02, [1], [0.001, 0.08, 0, 0.05]);
  const hiss = noise(0.22, 20, false, random);
  return hiss.map((v, i) => v * 0.8 + (body[i] ?? 0) * 0.5);
}

const hat = (random, open) => noise(open ? 0.25 : 0.06, open ? 14 : 60, true, random);

/** Chord symbols over a root: 'C', 'Am', 'F', 'G7', 'Dm7', 'Bb', 'Fmaj7'. */
function chord(symbol, octave = 3) {
  const m = /^([A-G][#b]?)(m?)(maj7|7|sus2|sus4)?$/.exec(symbol);
  if (!m) throw new Error(`bad chord ${symbol}`);
  const root = midi(`${m[1]}${octave}`);
  const third = m[2] === 'm' ? 3 : 4;
  const notes = [root, root + (m[3] === 'sus2' ? 2 : m[3] === 'sus4' ? 5 : third), root + 7];
  if (m[3] === '7') notes.push(root + 10);
  if (m[3] === 'maj7') notes.push(root + 11);
  return notes;
}

/**
 * A piece: `progression` one chord a bar (4 beats), repeated through its `form` of sections
 * (each a letter: A and B melodies, I intro without melody, O outro), drums from `drums`.
 */
function render(piece) {
  const beat = 60 / piece.bpm;
  const bars = piece.form.length * piece.progression.length;
  const seconds = bars * 4 * beat + 3;
  const mix = new Mix(seconds);
  const random = prng(piece.seed);
  const scale = piece.scale.map(midi);
  const melodies = { A: melody(piece, random, scale), B: melody(piece, random, scale) };

  let bar = 0;
  for (const section of piece.form) {
    for (let c = 0; c < piece.progression.length; c++, bar++) {
      const t0 = bar * 4 * beat;
      const notes = chord(piece.progression[c]);
      // Pad: the chord held through the bar, spread across the stereo field.
      notes.forEach((n, k) =>
        mix.add(t0, INSTRUMENTS.pad(hz(n + 12), 4 * beat - 0.2), 0.05, (k - 1) * 0.5, 0.5),
      );
      // Bass: the root on the bar's pattern.
      for (const [at, len, step] of piece.bass) {
        const n = notes[0] - 12 + step;
        mix.add(t0 + at * beat, INSTRUMENTS.bass(hz(n), len * beat * 0.9), 0.28, 0, 0.05);
      }
      // Arpeggio: chord tones in eighths, quiet, to the side.
      if (piece.arp && section !== 'O') {
        for (let e = 0; e < 8; e++) {
          const n = notes[[0, 1, 2, 1, 2, 0, 1, 2][e] % notes.length] + 12 + (e >= 4 ? 12 : 0);
          mix.add(t0 + e * beat * 0.5, INSTRUMENTS[piece.arp](hz(n), beat * 0.4), 0.07, 0.45, 0.4);
        }
      }
      // Melody.
      const line = melodies[section]?.[c];
      if (line) {
        for (const [at, len, n] of line) {
          mix.add(t0 + at * beat, INSTRUMENTS[piece.lead](hz(n), len * beat * 0.95), 0.16, -0.15, 0.35);
        }
      }
      // Drums.
      if (section !== 'I' || piece.introDrums) {
        for (const [inst, at] of piece.drums) {
          if (section === 'O' && inst !== 'hat' && inst !== 'kick') continue;
          const t = t0 + at * beat;
          if (inst === 'kick') mix.add(t, kick(), 0.55, 0, 0.02);
          if (inst === 'snare') mix.add(t, snare(random), 0.22, 0.05, 0.25);
          if (inst === 'hat') mix.add(t, hat(random, false), 0.06, 0.3, 0.1);
          if (inst === 'open') mix.add(t, hat(random, true), 0.05, 0.3, 0.2);
        }
      }
    }
  }
  mix.reverb();
  return mix.master(2.5);
}

/** One bar of melody per chord: [beat, length in beats, midi note], a walk over the scale. */
function melody(piece, random, scale) {
  const rhythms = piece.rhythms;
  let index = Math.floor(scale.length / 2);
  return piece.progression.map((symbol) => {
    const tones = chord(symbol).map((n) => n % 12);
    const rhythm = rhythms[Math.floor(random() * rhythms.length)];
    return rhythm.map(([at, len]) => {
      const step = [-2, -1, -1, 1, 1, 2, 0][Math.floor(random() * 7)];
      index = Math.max(0, Math.min(scale.length - 1, index + step));
      // On the bar's first beat and on long notes, land on a chord tone.
      if (at === 0 || len >= 1.5) {
        let best = index;
        for (let d = 0; d < scale.length; d++) {
          for (const j of [index - d, index + d]) {
            if (j >= 0 && j < scale.length && tones.includes(scale[j] % 12)) {
              best = j;
              d = scale.length;
              break;
            }
          }
        }
        index = best;
      }
      return [at, len, scale[index]];
    });
  });
}

const BASIC_DRUMS = [
  ['kick', 0],
  ['hat', 0.5],
  ['snare', 1],
  ['hat', 1.5],
  ['kick', 2],
  ['kick', 2.5],
  ['hat', 2.5],
  ['snare', 3],
  ['hat', 3.5],
];

const PIECES = [
  {
    file: 'morning-tea.m4a',
    title: 'Morning Tea',
    seed: 11,
    bpm: 96,
    progression: ['C', 'Am', 'F', 'G'],
    scale: ['G4', 'A4', 'C5', 'D5', 'E5', 'G5', 'A5'],
    form: ['I', 'A', 'A', 'B', 'A', 'O'],
    lead: 'bell',
    arp: 'pluck',
    bass: [
      [0, 1.5, 0],
      [1.5, 0.5, 7],
      [2, 2, 0],
    ],
    rhythms: [
      [
        [0, 1],
        [1, 0.5],
        [1.5, 0.5],
        [2, 1.5],
        [3.5, 0.5],
      ],
      [
        [0, 1.5],
        [1.5, 0.5],
        [2, 1],
        [3, 1],
      ],
      [
        [0, 2],
        [2, 1],
        [3, 0.5],
        [3.5, 0.5],
      ],
    ],
    drums: BASIC_DRUMS,
  },
  {
    file: 'harbour-lights.m4a',
    title: 'Harbour Lights',
    seed: 23,
    bpm: 78,
    progression: ['Am', 'F', 'C', 'G'],
    scale: ['E4', 'G4', 'A4', 'B4', 'C5', 'D5', 'E5', 'G5'],
    form: ['I', 'A', 'B', 'A', 'O'],
    lead: 'flute',
    arp: 'bell',
    bass: [
      [0, 2.5, 0],
      [2.5, 1.5, 7],
    ],
    rhythms: [
      [
        [0, 2],
        [2, 1],
        [3, 1],
      ],
      [
        [0, 1.5],
        [1.5, 1.5],
        [3, 1],
      ],
      [
        [0, 3],
        [3, 0.5],
        [3.5, 0.5],
      ],
    ],
    drums: [
      ['kick', 0],
      ['hat', 1],
      ['snare', 2],
      ['hat', 3],
      ['kick', 3.5],
    ],
  },
  {
    file: 'paper-kites.m4a',
    title: 'Paper Kites',
    seed: 37,
    bpm: 124,
    progression: ['F', 'C', 'Dm', 'Bb'],
    scale: ['F4', 'G4', 'A4', 'C5', 'D5', 'F5', 'G5', 'A5'],
    form: ['I', 'A', 'B', 'B', 'A', 'A', 'O'],
    introDrums: true,
    lead: 'pluck',
    arp: 'bell',
    bass: [
      [0, 0.5, 0],
      [0.5, 0.5, 12],
      [1, 0.5, 0],
      [1.5, 0.5, 7],
      [2, 0.5, 0],
      [2.5, 0.5, 12],
      [3, 0.5, 7],
      [3.5, 0.5, 5],
    ],
    rhythms: [
      [
        [0, 0.5],
        [0.5, 0.5],
        [1, 0.5],
        [1.5, 0.5],
        [2, 1],
        [3, 1],
      ],
      [
        [0, 1],
        [1, 0.5],
        [1.5, 0.5],
        [2, 0.5],
        [2.5, 0.5],
        [3, 1],
      ],
      [
        [0, 1.5],
        [1.5, 0.5],
        [2, 0.5],
        [2.5, 1.5],
      ],
    ],
    drums: [...BASIC_DRUMS, ['open', 3.5]],
  },
  {
    file: 'slow-orbit.m4a',
    title: 'Slow Orbit',
    seed: 53,
    bpm: 68,
    progression: ['Dm7', 'G7', 'Dm7', 'Cmaj7'],
    scale: ['D4', 'E4', 'F4', 'A4', 'C5', 'D5', 'E5', 'F5', 'A5'],
    form: ['I', 'A', 'B', 'O'],
    lead: 'flute',
    arp: 'bell',
    bass: [[0, 3.5, 0]],
    rhythms: [
      [
        [0, 3],
        [3, 1],
      ],
      [
        [0, 2],
        [2, 2],
      ],
      [
        [0, 1.5],
        [1.5, 0.5],
        [2, 2],
      ],
    ],
    drums: [
      ['kick', 0],
      ['hat', 1.5],
      ['snare', 2],
      ['hat', 3.5],
    ],
  },
];

function wav(pcm) {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + pcm.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(2, 22);
  header.writeUInt32LE(RATE, 24);
  header.writeUInt32LE(RATE * 4, 28);
  header.writeUInt16LE(4, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(pcm.length, 40);
  return Buffer.concat([header, pcm]);
}

mkdirSync(OUT_DIR, { recursive: true });
const tracks = [];
for (const piece of PIECES) {
  const pcm = render(piece);
  const durationMs = Math.round((pcm.length / 4 / RATE) * 1000);
  const input = join(tmpdir(), `make-music-${process.pid}-${piece.file}.wav`);
  writeFileSync(input, wav(pcm));
  try {
    execFileSync(FFMPEG, [
      ...['-hide_banner', '-loglevel', 'error', '-y', '-i', input],
      ...['-map', '0:a:0', '-map_metadata', '-1', '-af', 'alimiter=limit=0.891:level=false'],
      ...['-c:a', 'aac', '-b:a', '128k', '-ac', '2', '-ar', String(RATE)],
      ...['-movflags', '+faststart', '-f', 'mp4', join(OUT_DIR, piece.file)],
    ]);
  } finally {
    rmSync(input, { force: true });
  }
  tracks.push({ file: piece.file, title: piece.title, durationMs });
  console.log(`${piece.file}: ${(durationMs / 1000).toFixed(1)} s`);
}
writeFileSync(
  join(OUT_DIR, 'tracks.json'),
  JSON.stringify(
    {
      credits: 'Composed and rendered by scripts/make-music.mjs; CC0 / MIT, as the repository.',
      tracks,
    },
    null,
    2,
  ) + '\n',
);
