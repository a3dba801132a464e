import Type, { type Static } from 'typebox';
import { AgencyCode } from '../http/schemas.js';
import { Email, Password, Phone } from '../auth/schemas.js';

export const UnitLevel = Type.Union([
  Type.Literal('province'),
  Type.Literal('department'),
  Type.Literal('district'),
  Type.Literal('commune'),
  Type.Literal('other'),
]);
export const RoleName = Type.Union([Type.Literal('admin'), Type.Literal('designer'), Type.Literal('official'), Type.Literal('leader')]);

export const UnitView = Type.Object({
  id: Type.String(),
  parentId: Type.Union([Type.String(), Type.Null()]),
  agencyCode: Type.String(),
  name: Type.String(),
  level: Type.String(),
  active: Type.Boolean(),
  version: Type.Integer(),
});
export type UnitView = Static<typeof UnitView>;

export const CreateUnitBody = Type.Object(
  { parentId: Type.String({ format: 'uuid' }), agencyCode: AgencyCode, name: Type.String({ minLength: 2, maxLength: 300 }), level: UnitLevel },
  { additionalProperties: false },
);
export type CreateUnitBody = Static<typeof CreateUnitBody>;

export const UpdateUnitBody = Type.Object(
  {
    agencyCode: Type.Optional(AgencyCode),
    name: Type.Optional(Type.String({ minLength: 2, maxLength: 300 })),
    level: Type.Optional(UnitLevel),
    active: Type.Optional(Type.Boolean()),
    version: Type.Optional(Type.Integer({ minimum: 1, description: 'Row version read; a stale one is refused with 409' })),
  },
  { additionalProperties: false },
);
export type UpdateUnitBody = Static<typeof UpdateUnitBody>;

export const StaffUsername = Type.String({ pattern: '^(?![0-9]{12}$)[a-z0-9][a-z0-9._-]{2,63}$', description: 'lower case; 12 digits are reserved for citizens' });

export const AccountView = Type.Object({
  id: Type.String(),
  username: Type.String(),
  fullName: Type.String(),
  unitId: Type.String(),
  roles: Type.Array(Type.String()),
  email: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  active: Type.Boolean(),
  version: Type.Integer(),
});
export type AccountView = Static<typeof AccountView>;

export const CreateAccountBody = Type.Object(
  {
    username: StaffUsername,
    password: Password,
    fullName: Type.String({ minLength: 2, maxLength: 200 }),
    unitId: Type.String({ format: 'uuid' }),
    roles: Type.Array(RoleName, { uniqueItems: true, maxItems: 4 }),
    email: Type.Optional(Email),
    phone: Type.Optional(Phone),
  },
  { additionalProperties: false },
);
export type CreateAccountBody = Static<typeof CreateAccountBody>;

export const UpdateAccountBody = Type.Object(
  {
    fullName: Type.Optional(Type.String({ minLength: 2, maxLength: 200 })),
    unitId: Type.Optional(Type.String({ format: 'uuid' })),
    roles: Type.Optional(Type.Array(RoleName, { uniqueItems: true, maxItems: 4 })),
    email: Type.Optional(Type.Union([Email, Type.Null()])),
    phone: Type.Optional(Type.Union([Phone, Type.Null()])),
    active: Type.Optional(Type.Boolean()),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type UpdateAccountBody = Static<typeof UpdateAccountBody>;

export const SetPasswordBody = Type.Object({ password: Password }, { additionalProperties: false });

export const GroupName = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$', description: 'e.g. tiep-nhan, chuyen-vien, lanh-dao' });
export const GroupView = Type.Object({
  id: Type.String(),
  unitId: Type.String(),
  name: Type.String(),
  title: Type.String(),
  members: Type.Array(Type.Object({ id: Type.String(), username: Type.String(), fullName: Type.String(), active: Type.Boolean() })),
});
export type GroupView = Static<typeof GroupView>;

export const CreateGroupBody = Type.Object(
  { unitId: Type.String({ format: 'uuid' }), name: GroupName, title: Type.String({ minLength: 2, maxLength: 200 }) },
  { additionalProperties: false },
);
export const UpdateGroupBody = Type.Object({ title: Type.String({ minLength: 2, maxLength: 200 }) }, { additionalProperties: false });
export const SetMembersBody = Type.Object(
  { accountIds: Type.Array(Type.String({ format: 'uuid' }), { uniqueItems: true, maxItems: 500 }) },
  { additionalProperties: false },
);

export const UnitQuery = Type.Object({ unitId: Type.Optional(Type.String({ format: 'uuid' })) }, { additionalProperties: false });
export const AccountQuery = Type.Object(
  { unitId: Type.Optional(Type.String({ format: 'uuid' })), q: Type.Optional(Type.String({ maxLength: 100 })) },
  { additionalProperties: false },
);

export const IncidentView = Type.Object({
  id: Type.String(),
  instanceId: Type.String(),
  dossierId: Type.Union([Type.String(), Type.Null()]),
  dossierCode: Type.Union([Type.String(), Type.Null()]),
  elementId: Type.String({ description: 'The service or send task whose connector failed' }),
  connector: Type.Union([Type.String(), Type.Null()]),
  error: Type.String({ description: 'The last try’s error' }),
  createdAt: Type.String({ format: 'date-time' }),
  resolvedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  resolvedBy: Type.Union([Type.String(), Type.Null()], { description: 'The account id of the admin who retried it' }),
});
export type IncidentView = Static<typeof IncidentView>;

export const IncidentQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('all')], { description: 'open (default): not yet retried' })),
    instanceId: Type.Optional(Type.String({ format: 'uuid' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);
export type IncidentQuery = Static<typeof IncidentQuery>;

export const InstallCertificateBody = Type.Object(
  {
    p12: Type.String({ minLength: 1, maxLength: 100_000, contentEncoding: 'base64', description: 'The PKCS#12 file (.p12, .pfx), base64' }),
    passphrase: Type.String({ maxLength: 1000 }),
  },
  { additionalProperties: false },
);

export const CertificateView = Type.Object({
  unitId: Type.String(),
  commonName: Type.String(),
  subject: Type.String(),
  issuer: Type.String(),
  serialNumber: Type.String(),
  notBefore: Type.String({ format: 'date-time' }),
  notAfter: Type.String({ format: 'date-time' }),
  selfSigned: Type.Boolean(),
  installedAt: Type.String({ format: 'date-time' }),
});
export type CertificateView = Static<typeof CertificateView>;
