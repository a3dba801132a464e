/**
 * The type and size rules a dossier component sets for its files. They are checked at upload
 * and again wherever a file is attached (submission, supplement, a reused earlier document,
 * the authorization document): an upload for one component must not slip into another whose
 * rules it does not meet.
 */
import type { DossierComponent } from '../../schemas/service.js';
import type { FieldError } from '../errors.js';
import { FILE_TYPES } from '../documents/files.js';

/** The authorization document of someone filing for another person. */
export const AUTHORIZATION_COMPONENT = '_authorization';
export const AUTHORIZATION_RULES = { name: 'Văn bản ủy quyền', fileTypes: ['pdf', 'jpg', 'png'], maxSizeMb: 10 };

export type FileRules = Pick<DossierComponent, 'name' | 'fileTypes' | 'maxSizeMb'>;

export const maxBytesOf = (rules: FileRules) => Math.round(rules.maxSizeMb * 1024 * 1024);

/** Why a stored file (its detected type and size) does not fit the rules, if it does not. */
export function fileMisfit(rules: FileRules, file: { mime: string; size: number | string | bigint }, path: string): FieldError | undefined {
  const mimes = new Set(rules.fileTypes.flatMap((ext) => FILE_TYPES[ext] ?? []));
  if (!mimes.has(file.mime)) {
    return { path, code: 'file.type_not_allowed', message: `"${rules.name}" chỉ nhận tệp ${rules.fileTypes.join(', ')}; tệp này là ${file.mime} (the component accepts ${rules.fileTypes.join(', ')} only)` };
  }
  if (Number(file.size) > maxBytesOf(rules)) {
    return { path, code: 'file.too_large', message: `"${rules.name}" nhận tệp tối đa ${rules.maxSizeMb} MB (the file is larger than the component allows)` };
  }
  return undefined;
}
