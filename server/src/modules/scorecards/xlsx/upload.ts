import type { FastifyRequest } from 'fastify';
import { AppError } from '../../../errors';
import { SCORECARD_XLSX_MAX_BYTES } from './scorecard-xlsx';

const MB = 1024 * 1024;

/**
 * The "file" part of a multipart upload as a buffer, at most SCORECARD_XLSX_MAX_BYTES: the
 * stream stops at the limit (a bigger upload is never held in memory) and the request fails with
 * PAYLOAD_TOO_LARGE. Called by the service only after it has checked the actor's access.
 */
export async function readXlsxUpload(req: FastifyRequest): Promise<Buffer> {
  if (!req.isMultipart()) {
    throw new AppError('VALIDATION_ERROR', 'Cần gửi tệp dạng multipart/form-data, trường "file".');
  }
  let file: Awaited<ReturnType<FastifyRequest['file']>>;
  try {
    file = await req.file({ limits: { fileSize: SCORECARD_XLSX_MAX_BYTES, files: 1, fields: 5, parts: 6 } });
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (code.startsWith('FST_')) {
      throw new AppError(
        'VALIDATION_ERROR',
        'Biểu mẫu tải lên không hợp lệ: chỉ gửi một tệp, trường "file".',
      );
    }
    throw new AppError('UPLOAD_ABORTED');
  }
  if (file?.fieldname !== 'file') {
    throw new AppError('VALIDATION_ERROR', 'Chưa chọn tệp.', { fields: { file: 'Chưa chọn tệp.' } });
  }
  let data: Buffer;
  try {
    data = await file.toBuffer();
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppError('PAYLOAD_TOO_LARGE', `Tệp vượt quá ${SCORECARD_XLSX_MAX_BYTES / MB} MB.`);
    }
    throw new AppError('UPLOAD_ABORTED');
  }
  if (file.file.truncated) {
    throw new AppError('PAYLOAD_TOO_LARGE', `Tệp vượt quá ${SCORECARD_XLSX_MAX_BYTES / MB} MB.`);
  }
  if (data.length === 0) {
    throw new AppError('VALIDATION_ERROR', 'Tệp rỗng.', { fields: { file: 'Tệp rỗng.' } });
  }
  return data;
}
