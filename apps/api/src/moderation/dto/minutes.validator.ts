import { IsPositive, ValidateIf, ValidationOptions } from 'class-validator';

/** The protocol's ceiling on a ban or mute: ten years. */
export const MAX_MINUTES = 60 * 24 * 365 * 10;

/** `minutes` must be above zero: a ban of no time is no ban (the protocol refuses it too). */
export const IsPositiveMinutes = (options?: ValidationOptions): PropertyDecorator =>
  IsPositive({ message: 'minutes must be a positive number', ...options });

/** Optional, but not nullable: `"minutes": null` would otherwise read as a ban that ends at once. */
export const IsOptionalNotNull = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);
