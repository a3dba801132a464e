import Type, { type Static } from 'typebox';

export const Password = Type.String({ minLength: 8, maxLength: 128 });
export const CitizenId = Type.String({ pattern: '^[0-9]{12}$', description: '12-digit citizen ID (CCCD)' });
export const Phone = Type.String({ pattern: '^(\\+84|0)[0-9]{9,10}$', description: 'Vietnamese phone number' });
export const Email = Type.String({ format: 'email', maxLength: 254 });
export const Otp = Type.String({ pattern: '^[0-9]{6}$' });

export const LoginBody = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 100 }), password: Type.String({ minLength: 1, maxLength: 128 }) },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

export const RefreshBody = Type.Object({ refreshToken: Type.String({ minLength: 10, maxLength: 200 }) }, { additionalProperties: false });

export const RegisterBody = Type.Object(
  {
    citizenId: CitizenId,
    password: Password,
    fullName: Type.String({ minLength: 2, maxLength: 200 }),
    phone: Type.Optional(Phone),
    email: Type.Optional(Email),
    address: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type RegisterBody = Static<typeof RegisterBody>;

export const VerifyBody = Type.Object({ username: CitizenId, code: Otp }, { additionalProperties: false });
export const ResendBody = Type.Object({ username: CitizenId }, { additionalProperties: false });
export const ResetRequestBody = Type.Object({ username: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false });
export const ResetConfirmBody = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 100 }), code: Otp, newPassword: Password },
  { additionalProperties: false },
);

export const UserView = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('staff'), Type.Literal('citizen')]),
  username: Type.String(),
  fullName: Type.String(),
  roles: Type.Array(Type.String()),
  tenantId: Type.Union([Type.String(), Type.Null()]),
  unitId: Type.Union([Type.String(), Type.Null()]),
  groups: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), unitId: Type.String() })),
  email: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  address: Type.Union([Type.String(), Type.Null()]),
  verified: Type.Boolean(),
});
export type UserView = Static<typeof UserView>;

export const TokenReply = Type.Object({
  accessToken: Type.String(),
  refreshToken: Type.String(),
  expiresIn: Type.Integer(),
  user: UserView,
});
