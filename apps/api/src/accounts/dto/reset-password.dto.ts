import { NewPasswordField } from '../../auth/dto/password-field';

/** The password an admin sets for a user. */
export class ResetPasswordDto {
  /** At least 8 characters; the admin tells the user by other means. */
  @NewPasswordField('battery staple')
  public password!: string;
}
