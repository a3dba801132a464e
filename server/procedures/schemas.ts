import Type from 'typebox';
import { DossierComponent, FormioForm, ImportNote, ServiceMetadata, ServicePackage, Uuid } from '../../schemas/service.js';

const RowVersion = Type.Optional(Type.Integer({ minimum: 1, description: 'The row version read; a stale one is refused with 409' }));
const AnyJson = Type.Unknown();

/** A national code like `1.001193`, or empty (or null) for a local procedure; empty is stored as null. */
const ProcedureCodeInput = Type.Union([Type.String({ pattern: '^([0-9]+(\\.[0-9]+){1,3})?$', maxLength: 30 }), Type.Null()]);
const MetadataInput = Type.Object({ ...ServiceMetadata.properties, procedureCode: ProcedureCodeInput }, { additionalProperties: false });

export const CreateServiceBody = Type.Object(
  {
    unitId: Type.Optional(Uuid),
    metadata: Type.Object({ ...Type.Partial(MetadataInput).properties, name: ServiceMetadata.properties.name }, { additionalProperties: false }),
    useTemplate: Type.Optional(Type.Boolean({ description: 'Start from the standard one-stop process (default true)' })),
  },
  { additionalProperties: false },
);

export const MetadataBody = Type.Object({ metadata: MetadataInput, rowVersion: RowVersion }, { additionalProperties: false });
export const ComponentsBody = Type.Object({ components: Type.Array(DossierComponent, { maxItems: 100 }), rowVersion: RowVersion }, { additionalProperties: false });
export const FormBody = Type.Object({ form: FormioForm, rowVersion: RowVersion }, { additionalProperties: false });
export const ProcessBody = Type.Object({ bpmnXml: Type.String({ minLength: 1 }), rowVersion: RowVersion }, { additionalProperties: false });
export const RowVersionBody = Type.Object({ rowVersion: RowVersion }, { additionalProperties: false });
export const NotesBody = Type.Object({ notes: Type.Array(ImportNote, { maxItems: 200 }), rowVersion: RowVersion }, { additionalProperties: false });

export const StepFormParams = Type.Object({ id: Uuid, key: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$' }) }, { additionalProperties: false });
export const VersionParams = Type.Object({ id: Uuid, version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
export const ComponentParams = Type.Object({ id: Uuid, componentId: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$' }) }, { additionalProperties: false });
export const CompareQuery = Type.Object({ from: Type.Integer({ minimum: 1 }), to: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
export const ListQuery = Type.Object(
  { q: Type.Optional(Type.String({ maxLength: 200 })), status: Type.Optional(Type.Union([Type.Literal('draft'), Type.Literal('published'), Type.Literal('retired')])) },
  { additionalProperties: false },
);
export const ExportQuery = Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false });

export const ImportServiceBody = Type.Object(
  {
    package: ServicePackage,
    unitId: Type.Optional(Uuid),
    receivingUnitIds: Type.Optional(Type.Array(Uuid, { uniqueItems: true })),
    groupMap: Type.Optional(Type.Record(Type.String({ maxLength: 100 }), Type.String({ pattern: '^([0-9A-Z.]{1,35}/)?[a-z0-9][a-z0-9-]{0,62}$' }))),
  },
  { additionalProperties: false },
);

const VersionSummary = Type.Object({ id: Type.String(), version: Type.Integer(), publishedAt: Type.String(), publishedBy: Type.String(), retiredAt: Type.Union([Type.String(), Type.Null()]) });

export const ServiceView = Type.Object({
  id: Type.String(),
  unitId: Type.String(),
  status: Type.String(),
  metadata: AnyJson,
  components: AnyJson,
  form: AnyJson,
  stepForms: AnyJson,
  bpmnXml: Type.Union([Type.String(), Type.Null()]),
  notes: AnyJson,
  rowVersion: Type.Integer(),
  currentVersion: Type.Union([VersionSummary, Type.Null()]),
  latestVersion: Type.Integer(),
  hasUnpublishedChanges: Type.Boolean(),
  versions: Type.Array(VersionSummary),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const ServiceListItem = Type.Object({
  id: Type.String(),
  unitId: Type.String(),
  name: Type.String(),
  procedureCode: Type.Union([Type.String(), Type.Null()]),
  field: Type.String(),
  onlineLevel: Type.String(),
  status: Type.String(),
  currentVersion: Type.Union([Type.Integer(), Type.Null()]),
  latestVersion: Type.Integer(),
  notes: Type.Integer(),
  updatedAt: Type.String(),
});

export const CheckView = Type.Object({
  check: Type.String(),
  ok: Type.Boolean(),
  severity: Type.String(),
  /** English. */
  message: Type.String(),
  /** The same in Vietnamese: the studio shows it first. */
  messageVi: Type.String(),
  where: Type.Union([Type.String(), Type.Null()]),
});

export const VersionView = Type.Object({
  id: Type.String(),
  serviceId: Type.String(),
  version: Type.Integer(),
  metadata: AnyJson,
  components: AnyJson,
  form: AnyJson,
  stepForms: AnyJson,
  bpmnXml: Type.String(),
  publishedAt: Type.String(),
  publishedBy: Type.String(),
  retiredAt: Type.Union([Type.String(), Type.Null()]),
});

export const TestRunBody = Type.Object(
  {
    data: Type.Record(Type.String(), Type.Unknown()),
    decisions: Type.Array(
      Type.Union([
        Type.String({ minLength: 1, maxLength: 64 }),
        Type.Object({ decision: Type.String({ minLength: 1, maxLength: 64 }), data: Type.Optional(Type.Record(Type.String(), Type.Unknown())), task: Type.Optional(Type.String()) }, { additionalProperties: false }),
      ]),
      { maxItems: 100 },
    ),
    messages: Type.Optional(Type.Array(Type.Object({ name: Type.String(), data: Type.Optional(Type.Record(Type.String(), Type.Unknown())) }, { additionalProperties: false }), { maxItems: 50 })),
    receivedAt: Type.Optional(Type.String({ format: 'date-time' })),
    receivingUnitId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
