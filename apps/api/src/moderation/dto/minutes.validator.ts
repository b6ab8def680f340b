import { IsPositive, ValidateIf, ValidationOptions } from 'class-validator';

/** `minutes` must be above zero: a ban of no time is no ban (the protocol refuses it too). */
export const IsPositiveMinutes = (options?: ValidationOptions): PropertyDecorator =>
  IsPositive({ message: 'minutes must be a positive number', ...options });

/** Optional, but not nullable: `"minutes": null` would otherwise read as a ban that ends at once. */
export const IsOptionalNotNull = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);
