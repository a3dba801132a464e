/**
 * The service contract shared by the server, the studio and the portal: a service's
 * metadata (step 1), its dossier components (step 2), and the package format used to copy
 * a whole service to another unit. Plain JSON Schema through TypeBox; no server imports.
 */
import Type, { type Static } from 'typebox';

export const Uuid = Type.String({ format: 'uuid' });
export const FormKey = Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_.-]{0,99}$' });
/** A FEEL expression over the form data, e.g. `soBan > 1` or `nopThay = true`. */
export const FeelExpression = Type.String({ minLength: 1, maxLength: 2000 });

export const OnlineLevel = Type.Union([Type.Literal('full'), Type.Literal('partial')]);
export const ApplicantKind = Type.Union([Type.Literal('citizen'), Type.Literal('business'), Type.Literal('household')]);
export const ResultChannel = Type.Union([Type.Literal('online'), Type.Literal('post'), Type.Literal('counter')]);

export const Fee = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9-]{1,64}$' }),
    name: Type.String({ minLength: 1, maxLength: 300 }),
    amountVnd: Type.Integer({ minimum: 0, maximum: 10_000_000_000 }),
    /** When the fee applies; absent = always. */
    condition: Type.Optional(FeelExpression),
    /** A form field holding how many units are charged (copies, pages...). */
    quantityField: Type.Optional(FormKey),
    /** Paid with the submission, or when the process reaches its payment step. */
    dueAt: Type.Union([Type.Literal('submission'), Type.Literal('payment-step')]),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
    /**
     * Imported with a free-text condition not yet written as FEEL: the fee is not charged
     * (nor counted in the catalogue's total) until the designer writes `condition`, or sets
     * this to false to charge it always.
     */
    conditionPending: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type Fee = Static<typeof Fee>;

/** A fee still waiting for the designer to write its condition: not charged. */
export const isFeePending = (fee: Pick<Fee, 'condition' | 'conditionPending'>) => fee.conditionPending === true && !fee.condition;

/** The fees that can be charged: every fee but those still pending a condition. */
export const chargeableFees = <F extends Pick<Fee, 'condition' | 'conditionPending'>>(fees: readonly F[]) => fees.filter((f) => !isFeePending(f));

export const ServiceMetadata = Type.Object(
  {
    /** National procedure code like `1.001193`; null for a local procedure. */
    procedureCode: Type.Union([Type.String({ pattern: '^[0-9]+(\\.[0-9]+){1,3}$', maxLength: 30 }), Type.Null()]),
    name: Type.String({ minLength: 3, maxLength: 500 }),
    field: Type.String({ maxLength: 200 }),
    description: Type.String({ maxLength: 5000 }),
    /** The units where citizens may apply: the owner unit or units below it. */
    receivingUnitIds: Type.Array(Uuid, { uniqueItems: true, maxItems: 2000 }),
    onlineLevel: OnlineLevel,
    /** Legal time limit in working days; 0 = the same day. */
    timeLimitDays: Type.Number({ minimum: 0, maximum: 365, multipleOf: 0.5 }),
    timeLimitNote: Type.String({ maxLength: 1000 }),
    fees: Type.Array(Fee, { maxItems: 50 }),
    legalBasis: Type.Array(Type.String({ minLength: 1, maxLength: 500 }), { maxItems: 100 }),
    applicants: Type.Object(
      {
        kinds: Type.Array(ApplicantKind, { uniqueItems: true, maxItems: 3 }),
        /** Someone may file for another person, with an authorization document. */
        onBehalf: Type.Boolean(),
        /**
         * The applicant may also apply in person at the receiving unit's counter (a paper
         * dossier registered by an official); absent = true, as for services stored before it.
         */
        inPerson: Type.Optional(Type.Boolean()),
      },
      { additionalProperties: false },
    ),
    result: Type.String({ maxLength: 1000 }),
    resultChannels: Type.Array(ResultChannel, { uniqueItems: true, maxItems: 3 }),
  },
  { additionalProperties: false },
);
export type ServiceMetadata = Static<typeof ServiceMetadata>;

/**
 * Who may apply, with the defaults of fields added later filled in: `inPerson` (absent =
 * true), and whether a business applicant must give its tax code (always, when businesses
 * may apply: a business files under its tax code and name).
 */
export function applicantsOf(m: Pick<ServiceMetadata, 'applicants'>) {
  const a = m.applicants;
  return { kinds: a.kinds, onBehalf: a.onBehalf, inPerson: a.inPerson ?? true, taxCodeRequired: a.kinds.includes('business') };
}

export const ComponentRequirement = Type.Union([Type.Literal('required'), Type.Literal('optional'), Type.Literal('conditional')]);

export const DossierComponent = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$' }),
    name: Type.String({ minLength: 1, maxLength: 500 }),
    requirement: ComponentRequirement,
    /** FEEL over the form data; the component is required when it is true. */
    condition: Type.Optional(FeelExpression),
    originals: Type.Integer({ minimum: 0, maximum: 100 }),
    copies: Type.Integer({ minimum: 0, maximum: 100 }),
    /** Accepted types by extension: pdf, jpg, png, docx, xlsx... */
    fileTypes: Type.Array(Type.String({ pattern: '^[a-z0-9]{1,10}$' }), { minItems: 1, uniqueItems: true, maxItems: 20 }),
    maxSizeMb: Type.Number({ exclusiveMinimum: 0, maximum: 50 }),
    templateFileId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type DossierComponent = Static<typeof DossierComponent>;

/** A form.io form as the builder writes it; its structure is checked by the server. */
export const FormioForm = Type.Object(
  { components: Type.Array(Type.Record(Type.String(), Type.Unknown()), { maxItems: 2000 }) },
  { additionalProperties: true },
);

/** A note left by an import for the designer (a free-text condition to turn into FEEL). */
export const ImportNote = Type.Object({
  where: Type.String(),
  text: Type.String(),
  /** The same note in Vietnamese (notes imported before it was added have none). */
  textVi: Type.Optional(Type.String()),
});
export type ImportNote = Static<typeof ImportNote>;

export const SERVICE_PACKAGE_FORMAT = 'e-service-builder/service-package@1';

/** Largest template file a component may have (upload and package alike). */
export const TEMPLATE_FILE_MAX_BYTES = 10 * 1024 * 1024;
/** Largest sum of the template files one package may carry. */
export const PACKAGE_TEMPLATES_MAX_BYTES = 20 * 1024 * 1024;
const base64Length = (bytes: number) => Math.ceil(bytes / 3) * 4;

/** A file carried in a package: its bytes in base64 with what is needed to check and store them. */
export const PackageFile = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 255 }),
    /** Media type, as detected from the bytes when it was uploaded (checked again on import). */
    type: Type.String({ minLength: 1, maxLength: 200 }),
    size: Type.Integer({ minimum: 1, maximum: TEMPLATE_FILE_MAX_BYTES }),
    /** SHA-256 of the bytes, lower-case hex: an import refuses bytes that do not match. */
    sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
    base64: Type.String({ minLength: 4, maxLength: base64Length(TEMPLATE_FILE_MAX_BYTES) }),
  },
  { additionalProperties: false },
);
export type PackageFile = Static<typeof PackageFile>;

/** A dossier component in a package: file ids do not travel, the template file itself does. */
export const PackageComponent = Type.Object(
  { ...DossierComponent.properties, template: Type.Optional(PackageFile) },
  { additionalProperties: false },
);
export type PackageComponent = Static<typeof PackageComponent>;

/** A whole service, to copy to another unit: unit-free (groups by name, no unit ids). */
export const ServicePackage = Type.Object(
  {
    format: Type.Literal(SERVICE_PACKAGE_FORMAT),
    exportedAt: Type.String(),
    source: Type.Object({ agencyCode: Type.String(), serviceId: Type.String(), version: Type.Union([Type.Integer(), Type.Null()]) }),
    metadata: Type.Object({ ...ServiceMetadata.properties, receivingUnitIds: Type.Optional(Type.Array(Uuid)) }, { additionalProperties: false }),
    /** With their template files; all of them together at most PACKAGE_TEMPLATES_MAX_BYTES. */
    components: Type.Array(PackageComponent),
    form: Type.Union([FormioForm, Type.Null()]),
    stepForms: Type.Record(Type.String(), FormioForm),
    bpmnXml: Type.Union([Type.String({ maxLength: 5 * 1024 * 1024 }), Type.Null()]),
    /** Candidate group names the process uses, so an import can map them. */
    groups: Type.Array(Type.String()),
    notes: Type.Array(ImportNote),
  },
  { additionalProperties: false },
);
export type ServicePackage = Static<typeof ServicePackage>;
