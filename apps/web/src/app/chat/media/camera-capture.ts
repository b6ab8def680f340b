/** Asked of the camera: the front one, at up to Full HD (without it browsers give 640×480). */
export const SELFIE_CAMERA: MediaStreamConstraints = {
  audio: false,
  video: { facingMode: 'user', width: { ideal: 1920 }, height: { ideal: 1080 } },
};

/** JPEG quality of a capture: the server re-encodes it, so this only keeps the upload small. */
export const CAPTURE_QUALITY = 0.92;

/**
 * The video's current frame at the camera's own resolution (not the size it is shown at), as a
 * JPEG, flipped left to right when `mirrored`, so that the picture is the one the user saw.
 */
export function captureFrame(video: HTMLVideoElement, mirrored: boolean): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  const context = canvas.getContext('2d');
  if (!context || canvas.width === 0 || canvas.height === 0) {
    return Promise.reject(new Error('The camera gave no picture yet; try again.'));
  }
  if (mirrored) {
    context.translate(canvas.width, 0);
    context.scale(-1, 1);
  }
  context.drawImage(video, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('The picture could not be made.'))),
      'image/jpeg',
      CAPTURE_QUALITY,
    ),
  );
}

/** Saves what `url` holds as a download under `name`, as the seed saved its selfies to a file. */
export function saveAs(url: string, name: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.click();
}
