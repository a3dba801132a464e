/** Schemas shared by every route: the error reply, ids, pages. */
import Type from 'typebox';

export const ErrorReply = Type.Object({
  code: Type.String(),
  message: Type.String(),
  fields: Type.Array(Type.Object({ path: Type.String(), message: Type.String(), messageEn: Type.Optional(Type.String()), code: Type.Optional(Type.String()), allowedValues: Type.Optional(Type.Array(Type.Unknown())) })),
  requestId: Type.Optional(Type.String()),
  details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false });

export const AgencyCode = Type.String({
  pattern: '^(?=.{1,35}$)[0-9A-Z]+(\\.[0-9A-Z]+)*$',
  description: 'National agency code (Decision 20/2020/QĐ-TTg): up to 35 characters of 0-9, A-Z and dots, e.g. 000.00.00.H29',
});
