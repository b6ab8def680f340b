/** Protocol limits, as announced in `hello`. */
export interface Limits {
  /** Largest frame line in bytes. */
  frame: number;
  /** Longest message text in characters. */
  text: number;
  /** Largest file in bytes. */
  file: number;
  /** Largest raw byte block (file chunk) in bytes. */
  chunk: number;
  /** Longest voice message in seconds (§10, `MAX_VOICE_SEC`); servers without media leave it out. */
  voiceSec?: number;
  /** Longest side of a stored picture in pixels (§10, `MAX_IMAGE_PX`); servers without media leave it out. */
  imagePx?: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  frame: 1024 * 1024,
  text: 4000,
  file: 100 * 1024 * 1024,
  chunk: 256 * 1024,
});

export const PROTOCOL_VERSION = 1;

// The rules and ceilings of the protocol's fields, one constant each, for the edge's frame schemas,
// the api's DTOs (and so its OpenAPI document), the configuration and the clients' forms.

export const USERNAME_MIN_LENGTH = 3;
export const USERNAME_MAX_LENGTH = 32;
/** A user name: 3 to 32 characters of A-Z a-z 0-9 _ . -, unique without regard to case. */
export const USERNAME_PATTERN = new RegExp(`^[A-Za-z0-9_.-]{${USERNAME_MIN_LENGTH},${USERNAME_MAX_LENGTH}}$`);
/**
 * What a deleted account's messages show as their sender. It has a space, so no user can have it
 * (USERNAME_PATTERN); the account's own name stays reserved (see README "Deleting an account").
 */
export const DELETED_USER = 'deleted user';
/** USERNAME_PATTERN in words, for messages and forms. */
export const USERNAME_RULE = `${USERNAME_MIN_LENGTH} to ${USERNAME_MAX_LENGTH} characters of A-Z a-z 0-9 _ . -`;
/**
 * Longest user name a request may carry (log-in, register, moderation targets): a ceiling on the
 * input, above the name rule, so that a long name is INVALID before it is looked up or checked.
 */
export const MAX_USERNAME_INPUT_LENGTH = 256;
export const MIN_PASSWORD_LENGTH = 8;
/**
 * How long after a log-in with the password its tokens may be renewed by default, in days
 * (`JWT_REFRESH_LIMIT`): a token log-in answers a fresh token, but never one valid past this.
 */
export const DEFAULT_TOKEN_REFRESH_LIMIT_DAYS = 30;
/** Longest password accepted: a ceiling on the hashing work one request can ask for. */
export const MAX_PASSWORD_LENGTH = 1024;
/** A recipient (`"*"` or a user name) is at most this long, and a group has at most MAX_RECIPIENTS. */
export const MAX_RECIPIENT_LENGTH = 64;
export const MAX_RECIPIENTS = 100;
/** Longest reason given for a kick, ban or mute. */
export const MAX_REASON_LENGTH = 500;
/** Longest ban or mute, in minutes: ten years. */
export const MAX_MINUTES = 60 * 24 * 365 * 10;
/** Longest search text or name filter of the admin lists (users, audit log). */
export const MAX_SEARCH_LENGTH = 64;
/**
 * Deepest nesting of arrays and objects in a JSON request body (the api's bodies are flat, or
 * nearly): deeper bodies are INVALID before they are parsed, since the validation walks them
 * recursively. 32 is the depth body-parser allows in urlencoded bodies and multer in multipart
 * field names.
 */
export const MAX_JSON_DEPTH = 32;
/**
 * A multipart upload (`POST /api/files`, `/api/media/*`, `/api/music`, `/api/snapshots`): one
 * file part and at most a few short text fields (a music track's `title`), as busboy's limits.
 * Every field is held in memory until the request ends, so these bound what one request can hold
 * besides the file, which is streamed.
 */
export const MULTIPART_LIMITS = Object.freeze({
  /** Text fields. */
  fields: 4,
  /** Bytes of one text field's value. */
  fieldSize: 4096,
  /** Bytes of a field's name. */
  fieldNameSize: 100,
  /** File parts. */
  files: 1,
  /** Parts of any kind. */
  parts: 5,
  /** Header lines of one part (Content-Disposition, Content-Type, ...). */
  headerPairs: 16,
});
export const HISTORY_DEFAULT_LIMIT = 50;
export const HISTORY_MAX_LIMIT = 200;
export const MAX_ID_LENGTH = 64;
/** RFC 9110 `token`: one or more `tchar`. */
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
/**
 * A file's `mime`: a media type as RFC 9110 (§8.3.1) writes it, `type/subtype` then optional
 * `; name=value` parameters, every part a token (no quoted strings). It is sent back as the
 * file's Content-Type, so nothing else (a CR or LF above all) may be stored.
 */
export const MEDIA_TYPE_PATTERN = new RegExp(`^${TOKEN}/${TOKEN}(?:[ \\t]*;[ \\t]*${TOKEN}=${TOKEN})*$`);
/** MEDIA_TYPE_PATTERN in words, for messages. */
export const MEDIA_TYPE_RULE = 'expected a media type such as text/plain or text/plain;charset=utf-8';
export const MAX_MEDIA_TYPE_LENGTH = 255;

/** Whether `value` is a media type by MEDIA_TYPE_PATTERN (and at most MAX_MEDIA_TYPE_LENGTH long). */
export function isMediaType(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_MEDIA_TYPE_LENGTH && MEDIA_TYPE_PATTERN.test(value);
}

/** Uploads (offered, not yet done) one connection may have open at once; QUOTA_EXCEEDED beyond. */
export const MAX_UPLOADS_PER_CONNECTION = 4;
/** Uploads one user may have open at once over all their connections; QUOTA_EXCEEDED beyond. */
export const MAX_UPLOADS_PER_USER = 8;
/** An upload that gets no chunk for this long is discarded, its temp file removed (`UPLOAD_IDLE_SEC`). */
export const DEFAULT_UPLOAD_IDLE_SEC = 30;
/** After this many bad frames in a row the server closes the connection. */
export const MAX_BAD_FRAMES_IN_A_ROW = 10;

// Media (protocol.md §10): voice messages and pictures, processed by the server before they are stored.

/** The kinds of media a `file.offer` (or `POST /api/media/{kind}`) may ask the server to process. */
export const MEDIA_KINDS = ['voice', 'image'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];
/** Longest voice message by default, in seconds (`MAX_VOICE_SEC`). */
export const DEFAULT_MAX_VOICE_SEC = 300;
/** Longest side of a stored picture by default, in pixels (`MAX_IMAGE_PX`). */
export const DEFAULT_MAX_IMAGE_PX = 1920;
/** Longest side of a picture's thumbnail, in pixels. */
export const THUMBNAIL_PX = 320;
/** How many values a voice message's waveform has, each 0..255. */
export const WAVEFORM_LENGTH = 64;

// Calls (protocol.md §11): WebRTC signalling relayed by the edge.

/** What a call carries: sound only, or sound and pictures. */
export const CALL_MEDIA = ['audio', 'video'] as const;
export type CallMedia = (typeof CALL_MEDIA)[number];
/** A `call.invite` names at most this many users: a call has at most 6 people, the caller included. */
export const MAX_CALL_INVITEES = 5;
/** Largest `data` of one `call.signal` (an SDP or an ICE candidate), as JSON, in bytes. */
export const MAX_CALL_SIGNAL_BYTES = 64 * 1024;
/** How long a call rings by default before it is missed, in seconds (`CALL_RING_SEC`). */
export const DEFAULT_CALL_RING_SEC = 30;

// Rooms (protocol.md §12): named rooms besides the everyone-chat `*`.

export const ROOM_NAME_MIN_LENGTH = 2;
export const ROOM_NAME_MAX_LENGTH = 32;
/**
 * A room name: `#` then 2 to 32 characters of a-z 0-9 _ -, matched without regard to case (so
 * `#Dev` is `#dev`); the canonical name is the lower-cased one.
 */
export const ROOM_NAME_PATTERN = new RegExp(
  `^#[A-Za-z0-9_-]{${ROOM_NAME_MIN_LENGTH},${ROOM_NAME_MAX_LENGTH}}$`,
);
/** ROOM_NAME_PATTERN in words, for messages and forms. */
export const ROOM_NAME_RULE = `# then ${ROOM_NAME_MIN_LENGTH} to ${ROOM_NAME_MAX_LENGTH} characters of a-z 0-9 _ -`;
/** Longest room name a request may carry: above the rule, so a long one is INVALID before it is looked up. */
export const MAX_ROOM_INPUT_LENGTH = 64;
/** Longest room topic, in characters. */
export const MAX_TOPIC_LENGTH = 250;
/** How many rooms one user may own (have created and not deleted): a bound per user. */
export const MAX_ROOMS_OWNED = 50;
/** How many rooms one user may be a member of. */
export const MAX_ROOMS_JOINED = 500;
/** Most rooms one `room.list` (or `GET /api/rooms`) answers with. */
export const ROOM_LIST_MAX = 500;

/** Whether a string is a room name (`#dev`), by its rule. */
export function isRoomName(value: string): boolean {
  return ROOM_NAME_PATTERN.test(value);
}

/** Whether a `to` or `with` names a room rather than a user: it starts with `#`. */
export function isRoomAddress(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('#');
}

/** The canonical (lower-cased) name of a room. */
export function canonicalRoom(name: string): string {
  return name.toLowerCase();
}

/** Unread counts stop at this many per conversation (clients show "999+"): a bound on the counting. */
export const UNREAD_COUNT_CAP = 999;

/** The longest emoji a reaction may be (a family or a flag with modifiers fits). */
export const MAX_REACTION_LENGTH = 32;
/** Different emoji on one message at most (QUOTA_EXCEEDED beyond). */
export const MAX_REACTIONS_PER_MESSAGE = 20;
/** One emoji: pictographs, with their modifiers, joiners, keycaps and flags; no letters, no spaces. */
export const REACTION_PATTERN =
  /^(?=.*(?:\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20e3))(?:\p{Extended_Pictographic}|\p{Regional_Indicator}|\p{Emoji_Modifier}|\u200d|\ufe0f|\u20e3|[#*0-9])+$/u;
/** How much of the answered message a reply quotes. */
export const REPLY_QUOTE_LENGTH = 200;
/** A typing indicator lapses after this without a renewal; clients renew every TYPING_RENEW_MS while typing. */
export const TYPING_TTL_MS = 6000;
export const TYPING_RENEW_MS = 3000;
/** A search's query at most, and the results of one page at most (default 20). */
export const MAX_QUERY_LENGTH = 200;
export const SEARCH_MAX_LIMIT = 50;
export const SEARCH_DEFAULT_LIMIT = 20;

/**
 * Most messages a log-in with `since` replays: past it, the newest REPLAY_MAX come, then a `gap`
 * event names what was left out, for the client to page with `history`.
 */
export const REPLAY_MAX = 5_000;

/**
 * Presence changes are sent at most once per PRESENCE_WINDOW_MS, coalesced: up to
 * PRESENCE_BATCH_MAX of them as one `presence` event each, more as one `presence.many`, so that a
 * log-in storm costs O(N) events, not one per arrival for every connection.
 */
export const PRESENCE_WINDOW_MS = 1_000;
export const PRESENCE_BATCH_MAX = 20;
