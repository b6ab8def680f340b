import { FingerKeypoint, FingerSteering, indexFingertip, SteeringDirection } from './finger-steering';

/** The camera's frame in these specs: 640 × 480, centre (320, 240), shorter side 480. */
const W = 640;
const H = 480;

/** Feeds fingertips (camera pixels) one estimate at a time; returns what each gave. */
function feed(
  sut: FingerSteering,
  tips: readonly (readonly [number, number])[],
): (SteeringDirection | null)[] {
  return tips.map(([x, y]) => sut.update({ x, y, name: 'index_finger_tip' }, W, H));
}

/** `n` times the same fingertip. */
const hold = (n: number, x: number, y: number): [number, number][] => Array.from({ length: n }, () => [x, y]);

describe(FingerSteering.name, () => {
  describe('unsmoothed, mirrored as the preview is', () => {
    let sut: FingerSteering;
    beforeEach(() => (sut = new FingerSteering({ smoothing: 1 })));

    it('gives null at the centre and anywhere inside the dead zone', () => {
      expect(feed(sut, [[320, 240]])).toEqual([null]);
      // 12 % of 480 px is 57.6 px: 50 px off the centre in any direction is still inside.
      expect(
        feed(sut, [
          [370, 240],
          [270, 240],
          [320, 190],
          [320, 290],
          [355, 205],
        ]),
      ).toEqual([null, null, null, null, null]);
      expect(sut.direction).toBeNull();
    });

    // The camera's frame is not mirrored: a fingertip at a small x is on the camera's left, which
    // is the user's right, and the mirrored preview shows it on the right, where the user sees it.
    it.each([
      [40, 240, 'right'],
      [600, 240, 'left'],
      [320, 20, 'up'],
      [320, 460, 'down'],
    ] as const)('camera pixel (%i, %i) far from the centre steers %s', (x, y, direction) => {
      expect(feed(sut, [[x, y]])).toEqual([direction]);
    });

    it('without the mirror, left and right are the camera’s own', () => {
      const plain = new FingerSteering({ smoothing: 1, mirrored: false });
      expect(
        feed(plain, [
          [40, 240],
          [600, 240],
        ]),
      ).toEqual(['left', 'right']);
    });

    it('keeps its direction near a diagonal (hysteresis) and changes once the other axis clearly wins', () => {
      // Up first; then up-and-left at 45°, then a little more left than up: still up.
      expect(
        feed(sut, [
          [320, 40],
          [520, 40],
          [540, 60],
        ]),
      ).toEqual(['up', 'up', 'up']);
      // Left 220 px, up 40 px: left wins by far more than 1.4 times.
      expect(feed(sut, [[540, 200]])).toEqual(['left']);
      // Back to the diagonal: stays left.
      expect(
        feed(sut, [
          [520, 40],
          [500, 60],
        ]),
      ).toEqual(['left', 'left']);
      // Up clearly wins again.
      expect(feed(sut, [[380, 20]])).toEqual(['up']);
    });

    it('with no hysteresis the same path flips at the diagonal', () => {
      const flippy = new FingerSteering({ smoothing: 1, hysteresis: 1 });
      expect(
        feed(flippy, [
          [320, 40],
          [530, 40],
          [510, 40],
        ]),
      ).toEqual(['up', 'left', 'up']);
    });

    it('ignores a frame of no size and a fingertip that is not a number', () => {
      expect(sut.update({ x: 40, y: 240 }, 0, 0)).toBeNull();
      expect(sut.update({ x: Number.NaN, y: 240 }, W, H)).toBeNull();
      expect(sut.direction).toBeNull();
    });
  });

  describe('smoothed', () => {
    it('a fingertip trembling around the centre never steers', () => {
      const sut = new FingerSteering();
      // ±45 px of jitter around the centre, with one frame at 80 px off (outside the dead zone).
      const jitter: [number, number][] = [
        [320, 240],
        [365, 230],
        [280, 255],
        [350, 200],
        [400, 240],
        [300, 270],
        [335, 215],
        [290, 245],
      ];
      expect(feed(sut, jitter)).toEqual(jitter.map(() => null));
    });

    it('a single stray frame outside the dead zone does not steer; a fingertip held there does', () => {
      const sut = new FingerSteering();
      // One frame 100 px right of the centre as the user sees it (camera x 220), among centre frames:
      // smoothed, it gets only halfway (50 px, inside the 57.6 px dead zone).
      expect(feed(sut, [...hold(3, 320, 240), [220, 240], ...hold(3, 320, 240)])).toEqual(
        Array(7).fill(null),
      );
      // Held there: 53 px on the first frame, then 77 px: it steers right from the second.
      expect(feed(sut, hold(4, 220, 240))).toEqual([null, 'right', 'right', 'right']);
    });

    it('follows a move with a lag: from far left to far right takes frames, not one', () => {
      const sut = new FingerSteering();
      expect(feed(sut, hold(6, 600, 240)).at(-1)).toBe('left');
      const across = feed(sut, hold(6, 40, 240));
      // First frame: halfway back, at the centre, inside the dead zone; then right.
      expect(across).toEqual([null, 'right', 'right', 'right', 'right', 'right']);
    });

    it('reset forgets the smoothed position: a new hand steers from its first frame', () => {
      const sut = new FingerSteering();
      feed(sut, hold(6, 600, 240));
      sut.reset();
      expect(sut.direction).toBeNull();
      expect(feed(sut, [[320, 20]])).toEqual(['up']);
    });
  });
});

describe(indexFingertip.name, () => {
  const hand = (names: string[]): FingerKeypoint[] => names.map((name, i) => ({ x: i, y: i, name }));

  it('finds the index fingertip by its name', () => {
    expect(indexFingertip(hand(['wrist', 'thumb_tip', 'index_finger_tip']))).toMatchObject({ x: 2 });
  });

  it('takes the 9th of 21 unnamed keypoints (the model’s order), and nothing from fewer', () => {
    const unnamed = Array.from({ length: 21 }, (_, i) => ({ x: i, y: 0 }));
    expect(indexFingertip(unnamed)).toMatchObject({ x: 8 });
    expect(indexFingertip(unnamed.slice(0, 5))).toBeUndefined();
  });
});
