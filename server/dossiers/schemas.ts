import Type, { type Static } from 'typebox';
import { Uuid } from '../../schemas/service.js';

export const Attachment = Type.Object({ componentId: Type.String({ maxLength: 64 }), fileId: Uuid }, { additionalProperties: false });

export const OnBehalf = Type.Object(
  {
    applicant: Type.Object(
      {
        fullName: Type.String({ minLength: 2, maxLength: 200 }),
        citizenId: Type.String({ pattern: '^[0-9]{12}$' }),
        phone: Type.Optional(Type.String({ pattern: '^(\\+84|0)[0-9]{9,10}$' })),
        email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
        address: Type.Optional(Type.String({ maxLength: 500 })),
      },
      { additionalProperties: false },
    ),
    authorizationFileId: Uuid,
  },
  { additionalProperties: false },
);

export const SubmitBody = Type.Object(
  {
    serviceId: Uuid,
    receivingUnitId: Type.Optional(Uuid),
    data: Type.Record(Type.String(), Type.Unknown()),
    attachments: Type.Array(Attachment, { maxItems: 200 }),
    applicantKind: Type.Optional(Type.Union([Type.Literal('citizen'), Type.Literal('business'), Type.Literal('household')])),
    business: Type.Optional(Type.Object({ taxCode: Type.String({ pattern: '^[0-9]{10}(-[0-9]{3})?$' }), name: Type.String({ minLength: 2, maxLength: 300 }) }, { additionalProperties: false })),
    onBehalf: Type.Optional(OnBehalf),
    resultChannel: Type.Optional(Type.Union([Type.Literal('online'), Type.Literal('post'), Type.Literal('counter')])),
    postalAddress: Type.Optional(Type.String({ minLength: 5, maxLength: 500 })),
    draftId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type SubmitBody = Static<typeof SubmitBody>;

/** What a citizen posts: with a `draftId`, the draft's data and files stand in for those left out. */
export const SubmitRequest = Type.Object(
  { ...SubmitBody.properties, data: Type.Optional(SubmitBody.properties.data), attachments: Type.Optional(SubmitBody.properties.attachments) },
  { additionalProperties: false },
);
export type SubmitRequest = Static<typeof SubmitRequest>;

export const SubmitReply = Type.Object({
  id: Type.String(),
  code: Type.String(),
  status: Type.Integer(),
  receivedAt: Type.String(),
  dueAt: Type.String(),
});

export const DraftBody = Type.Object(
  {
    serviceId: Uuid,
    receivingUnitId: Type.Optional(Uuid),
    data: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    attachments: Type.Optional(Type.Array(Attachment, { maxItems: 200 })),
    extra: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    rowVersion: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type DraftBody = Static<typeof DraftBody>;

export const RatingBody = Type.Object(
  { rating: Type.Union([Type.Literal('very-satisfied'), Type.Literal('satisfied'), Type.Literal('not-satisfied')]), comment: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);

export const WithdrawBody = Type.Object({ reason: Type.String({ minLength: 3, maxLength: 2000 }) }, { additionalProperties: false });

export const SupplementBody = Type.Object(
  {
    data: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    attachments: Type.Array(Attachment, { maxItems: 200 }),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

/**
 * The multipart body of POST /api/files, for the API docs: the handler reads it part by part
 * (fields first, then the file, which streams to storage) and checks each field itself, so
 * this schema is never run as a validator (see the route).
 */
export const UploadBody = Type.Object(
  {
    serviceId: Type.String({ format: 'uuid', description: 'The service the dossier is for; send it before the file' }),
    componentId: Type.String({ description: "The dossier component (thành phần hồ sơ) the file is for, e.g. tp-1; send it before the file" }),
    file: Type.String({ format: 'binary', description: 'One file, of a type and size the component accepts; send it last' }),
  },
  { required: ['serviceId', 'componentId', 'file'] },
);
