import {
  AcceptRemainingInput,
  AmendmentInput,
  AppealDecisionInput,
  AppealInput,
  AppealWindowInput,
  AppraisalOverview,
  AppraisalRow,
  AppraisalView,
  CampaignAppeals,
  CouncilView,
  ExplanationRequestInput,
  ExplanationResponseInput,
  LeafDecisionInput,
  MeetingInput,
  MyAssignment,
  SaveAppraisersInput,
  ScorecardTransitionInput,
  SpecialCaseInput,
} from '@cchc/domain/api/appraisal';
import { Id, IdParams } from '@cchc/domain/api/common';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../../http/authenticate';
import { sendFile, upload, uploadSource } from '../evidence/evidence.routes';
import { contentDisposition } from '../evidence/filename';
import type { AppraisalService } from './appraisal.service';
import type { MinutesService } from './minutes';

const LeafParams = IdParams.extend({ leafCode: z.string().min(1).max(40) });
const RequestParams = IdParams.extend({ requestId: Id });
const InlineQuery = z.object({ inline: z.enum(['0', '1']).optional() });
const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Routes of the appraisal (docs/appraisal.md; the contract in domain/src/api/appraisal.ts). Thin. */
export const appraisalRoutes =
  (appraisal: AppraisalService, minutes: MinutesService, opts: { maxBytes: number }): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['appraisal'];
    app.get(
      '/appraisal/my-assignments',
      {
        schema: {
          tags,
          summary: 'Các đơn vị tôi được phân công thẩm định (kỳ đang thẩm định)',
          response: { 200: z.array(MyAssignment) },
        },
      },
      (req) => appraisal.myAssignments(ctxOf(req)),
    );
    app.get(
      '/campaigns/:id/appraisal',
      {
        schema: {
          tags,
          summary: 'Tiến độ thẩm định các đơn vị',
          params: IdParams,
          response: { 200: AppraisalOverview },
        },
      },
      (req) => appraisal.overview(ctxOf(req), req.params.id),
    );
    app.put(
      '/scorecards/:id/appraisers',
      {
        schema: {
          tags,
          summary: 'Phân công thành viên Tổ giúp việc (không phân công người của chính đơn vị)',
          params: IdParams,
          body: SaveAppraisersInput,
          response: { 200: AppraisalRow },
        },
      },
      (req) => appraisal.saveAppraisers(ctxOf(req), req.params.id, req.body.userIds),
    );
    app.get(
      '/scorecards/:id/appraisal',
      {
        schema: {
          tags,
          summary: 'Thẩm định một đơn vị: tự chấm, thẩm định, kết quả, lịch sử',
          params: IdParams,
          response: { 200: AppraisalView },
        },
      },
      (req) => appraisal.get(ctxOf(req), req.params.id),
    );
    app.put(
      '/scorecards/:id/appraisal/leaves/:leafCode',
      {
        schema: {
          tags,
          summary: 'Quyết định thẩm định một tiêu chí (công nhận / điều chỉnh có lý do / không áp dụng)',
          params: LeafParams,
          body: LeafDecisionInput,
          response: { 200: AppraisalView },
        },
      },
      (req) => appraisal.decide(ctxOf(req), req.params.id, req.params.leafCode, req.body),
    );
    app.post(
      '/scorecards/:id/appraisal/accept-remaining',
      {
        schema: {
          tags,
          summary: 'Công nhận điểm tự chấm của mọi tiêu chí còn lại (vòng 1)',
          params: IdParams,
          body: AcceptRemainingInput,
          response: { 200: AppraisalView },
        },
      },
      (req) => appraisal.acceptRemaining(ctxOf(req), req.params.id, req.body),
    );
    app.post(
      '/scorecards/:id/appraisal/explanation-requests',
      {
        schema: {
          tags,
          summary: 'Yêu cầu đơn vị giải trình một tiêu chí (có hạn)',
          params: IdParams,
          body: ExplanationRequestInput,
          response: { 200: AppraisalView },
        },
      },
      (req) => appraisal.requestExplanation(ctxOf(req), req.params.id, req.body),
    );
    app.delete(
      '/scorecards/:id/appraisal/explanation-requests/:requestId',
      {
        schema: {
          tags,
          summary: 'Rút yêu cầu giải trình (trước khi gửi đơn vị)',
          params: RequestParams,
          response: { 200: AppraisalView },
        },
      },
      (req) => appraisal.withdrawExplanation(ctxOf(req), req.params.id, req.params.requestId),
    );
    app.post(
      '/scorecards/:id/appraisal/transitions',
      {
        schema: {
          tags,
          summary: 'Chuyển bước thẩm định của một đơn vị',
          params: IdParams,
          body: ScorecardTransitionInput,
          response: { 200: AppraisalView },
        },
      },
      (req) => appraisal.transition(ctxOf(req), req.params.id, req.body),
    );
    app.put(
      '/explanation-requests/:id/response',
      {
        schema: {
          tags,
          summary: 'Đơn vị gửi nội dung giải trình (trước hạn)',
          params: IdParams,
          body: ExplanationResponseInput,
          response: { 200: AppraisalView },
        },
      },
      (req) => appraisal.respond(ctxOf(req), req.params.id, req.body.response),
    );
    app.post(
      '/explanation-requests/:id/files',
      {
        schema: {
          tags,
          summary: 'Tài liệu bổ sung cho giải trình (multipart: file)',
          consumes: ['multipart/form-data'],
          params: IdParams,
          response: { 200: AppraisalView },
        },
      },
      (req, reply) =>
        upload(req, reply, () =>
          appraisal.addExplanationFile(ctxOf(req), req.params.id, uploadSource(req, opts.maxBytes)),
        ),
    );
    app.get(
      '/attachments/:id/file',
      { schema: { tags, summary: 'Tải tài liệu bổ sung', params: IdParams, querystring: InlineQuery } },
      async (req, reply) =>
        sendFile(
          reply,
          await appraisal.downloadAttachment(ctxOf(req), req.params.id),
          req.query.inline === '1',
        ),
    );
    app.delete(
      '/attachments/:id',
      {
        schema: { tags, summary: 'Gỡ tài liệu bổ sung', params: IdParams, response: { 200: AppraisalView } },
      },
      (req) => appraisal.removeAttachment(ctxOf(req), req.params.id),
    );

    // ---- council and leadership
    app.get(
      '/campaigns/:id/council',
      { schema: { tags, summary: 'Hội đồng thẩm định', params: IdParams, response: { 200: CouncilView } } },
      (req) => appraisal.council(ctxOf(req), req.params.id),
    );
    app.post(
      '/campaigns/:id/council/meetings',
      {
        schema: {
          tags,
          summary: 'Ghi phiên họp Hội đồng',
          params: IdParams,
          body: MeetingInput,
          response: { 200: CouncilView },
        },
      },
      async (req) => {
        const ctx = ctxOf(req);
        await appraisal.saveMeeting(ctx, req.params.id, null, {
          ...req.body,
          notes: req.body.notes ?? '',
        });
        return appraisal.council(ctx, req.params.id);
      },
    );
    app.put(
      '/council-meetings/:id',
      {
        schema: {
          tags,
          summary: 'Sửa phiên họp Hội đồng',
          params: IdParams,
          body: MeetingInput,
          response: { 200: CouncilView },
        },
      },
      async (req) => {
        const ctx = ctxOf(req);
        const campaignId = await appraisal.meetingCampaign(ctx, req.params.id);
        await appraisal.saveMeeting(ctx, campaignId, req.params.id, {
          ...req.body,
          notes: req.body.notes ?? '',
        });
        return appraisal.council(ctx, campaignId);
      },
    );
    app.post(
      '/scorecards/:id/special-cases',
      {
        schema: {
          tags,
          summary: 'Hội đồng ghi nhận trường hợp đặc biệt (có lý do và nội dung quyết định)',
          params: IdParams,
          body: SpecialCaseInput,
          response: { 200: AppraisalView },
        },
      },
      (req) => appraisal.specialCase(ctxOf(req), req.params.id, req.body),
    );
    app.get(
      '/campaigns/:id/council/minutes',
      { schema: { tags, summary: 'Dự thảo biên bản họp Hội đồng thẩm định (DOCX)', params: IdParams } },
      async (req, reply) => {
        const file = await minutes.render(ctxOf(req), req.params.id);
        return reply
          .header('content-type', DOCX_MIME)
          .header('content-disposition', contentDisposition('attachment', file.filename))
          .header('cache-control', 'private, no-store')
          .send(file.data);
      },
    );

    // ---- after approval
    app.put(
      '/campaigns/:id/appeal-window',
      {
        schema: {
          tags,
          summary: 'Thời hạn nhận kiến nghị',
          params: IdParams,
          body: AppealWindowInput,
          response: { 200: CouncilView },
        },
      },
      async (req) => {
        const ctx = ctxOf(req);
        await appraisal.setAppealWindow(ctx, req.params.id, req.body.until);
        return appraisal.council(ctx, req.params.id);
      },
    );
    app.get(
      '/campaigns/:id/appeals',
      {
        schema: {
          tags,
          summary: 'Kiến nghị của kỳ đánh giá (không tính lại điểm)',
          params: IdParams,
          response: { 200: CampaignAppeals },
        },
      },
      (req) => appraisal.appeals(ctxOf(req), req.params.id),
    );
    app.post(
      '/scorecards/:id/appeals',
      {
        schema: {
          tags,
          summary: 'Đơn vị gửi kiến nghị về kết quả',
          params: IdParams,
          body: AppealInput,
          response: { 200: AppraisalView },
        },
      },
      (req) => appraisal.fileAppeal(ctxOf(req), req.params.id, req.body),
    );
    app.post(
      '/appeals/:id/files',
      {
        schema: {
          tags,
          summary: 'Tài liệu kèm kiến nghị (multipart: file)',
          consumes: ['multipart/form-data'],
          params: IdParams,
          response: { 200: AppraisalView },
        },
      },
      (req, reply) =>
        upload(req, reply, () =>
          appraisal.addAppealFile(ctxOf(req), req.params.id, uploadSource(req, opts.maxBytes)),
        ),
    );
    app.post(
      '/appeals/:id/decision',
      {
        schema: {
          tags,
          summary: 'Hội đồng quyết định kiến nghị',
          params: IdParams,
          body: AppealDecisionInput,
          response: { 200: AppraisalView },
        },
      },
      (req) => appraisal.decideAppeal(ctxOf(req), req.params.id, req.body),
    );
    app.post(
      '/scorecards/:id/amendments',
      {
        schema: {
          tags,
          summary: 'Điều chỉnh kết quả sau phê duyệt (có lý do; giữ phiên bản trước)',
          params: IdParams,
          body: AmendmentInput,
          response: { 200: AppraisalView },
        },
      },
      (req) => appraisal.amendment(ctxOf(req), req.params.id, req.body),
    );
  };
